package dev.invitations.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.endtoend.PortalClient;
import dev.invitations.faults.RedemptionStream.Outcome;
import dev.invitations.faults.Workload.Redeemable;
import dev.invitations.localinfra.LocalSystem.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: SIGTERM of invitation-service while redemptions stream in. A redemption is one SQL statement, so there
 * is no half of one: every redemption the client was answered 200 for is recorded and its event applied downstream
 * (an Invite Redemption Activity), and every one that failed (refused, cut off, 503) left nothing: no redemption row,
 * no count increment, no event. Each invitation's count equals its 200s.
 */
@Order(5)
@ExtendWith(FaultSystem.class)
class InvitationServiceTerminatedTest {

    private static final int INVITATIONS = 10;
    private static final int REDEEMERS = 40;
    private static final int TERMINATE_AFTER = 100;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Test
    void terminatedDuringRedemptionsLeavesNoHalfAppliedRedemption(FaultSystem.Running running) throws Exception {
        PortalClient portal = running.portal();
        Workload.Redemptions redemptions = new Workload(portal, "invitation-sigterm")
                .redemptions(REDEEMERS, INVITATIONS, draft -> draft);
        List<Redeemable> invitations = redemptions.invitations();

        List<Outcome> outcomes;
        int exitCode;
        double shutdownSeconds;
        try (RedemptionStream stream = RedemptionStream.start(portal, redemptions)) {
            stream.awaitRedeemed(TERMINATE_AFTER, LIMIT);
            long terminated = System.nanoTime();
            exitCode = running.system().terminate(Service.INVITATION, SHUTDOWN_GRACE);
            shutdownSeconds = (System.nanoTime() - terminated) / 1e9;
            outcomes = stream.finish(LIMIT);
        }
        running.system().restart(Service.INVITATION);

        Map<UUID, Set<UUID>> redeemedBy = outcomes.stream().filter(Outcome::redeemed).collect(Collectors.groupingBy(
                outcome -> outcome.invitation().id(), Collectors.mapping(Outcome::contactId, Collectors.toSet())));
        Map<String, Long> failures = outcomes.stream().filter(outcome -> !outcome.redeemed())
                .collect(Collectors.groupingBy(outcome -> outcome.status() == 0 ? failureKind(outcome.failure())
                        : "HTTP " + outcome.status(), TreeMap::new, Collectors.counting()));
        long answered200 = outcomes.stream().filter(Outcome::redeemed).count();
        System.out.printf("[invitation-sigterm] %d attempts: %d answered 200, failed %s; SIGTERM to exit %.1f s (exit code"
                + " %d)%n", outcomes.size(), answered200, failures, shutdownSeconds, exitCode);

        for (Redeemable invitation : invitations) {
            Set<UUID> succeeded = redeemedBy.getOrDefault(invitation.id(), Set.of());
            Set<UUID> recorded = contactIds(portal.redemptions(invitation.id()));
            assertEquals(succeeded, recorded, "the redemptions recorded for " + invitation.id() + " are exactly those"
                    + " answered 200; the attempts of the others: " + outcomes.stream()
                    .filter(outcome -> outcome.invitation().equals(invitation) && !outcome.redeemed()
                            && recorded.contains(outcome.redeemer().contactId())).toList());
            assertEquals(succeeded.size(), portal.invitation(invitation.id()).path("redemptionCount").asInt(),
                    "the count of " + invitation.id() + " equals its 200s");
        }
        Map<UUID, Set<UUID>> applied = awaitActivities(portal, invitations, answered200);
        for (Redeemable invitation : invitations) {
            assertEquals(redeemedBy.getOrDefault(invitation.id(), Set.of()), applied.getOrDefault(invitation.id(), Set.of()),
                    "the events applied downstream for " + invitation.id() + " are exactly the 200s'");
        }
    }

    /** The exception's class and its cause's: connection refused, reset, timed out... */
    private static String failureKind(String failure) {
        return failure.replaceAll("http://[^ ]*", "").replaceAll("\\s+", " ").strip();
    }

    private static Set<UUID> contactIds(List<JsonNode> nodes) {
        return nodes.stream().map(node -> UUID.fromString(node.path("contactId").asText())).collect(Collectors.toSet());
    }

    /**
     * redemption-service's activities per invitation, once it has as many as there were 200s (or the limit passed; an
     * event of a failed redemption would then show as one too many).
     */
    private static Map<UUID, Set<UUID>> awaitActivities(PortalClient portal, List<Redeemable> invitations, long expected) {
        return Polling.until(LIMIT, () -> invitations.stream().collect(Collectors.toMap(Redeemable::id,
                        invitation -> contactIds(portal.redemptionActivities(invitation.id())))),
                applied -> applied.values().stream().mapToLong(Set::size).sum() >= expected);
    }
}
