package dev.invitations.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.faults.RedemptionStream.Outcome;
import dev.invitations.faults.Workload.Redeemable;
import dev.invitations.localinfra.system.LocalSystem.Service;
import dev.invitations.portalclient.PortalClient;
import java.time.Duration;
import java.util.HashSet;
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
 * (an Invite Redemption Activity), and every one answered with a refusal (503 while shutting down, a connection
 * refused) left nothing: no redemption row, no count increment, no event.
 *
 * <p>A call cut off after the server committed and before its answer arrived cannot tell the client what happened;
 * no HTTP service can promise otherwise (a graceful shutdown makes it rare, not impossible). What the client can rely
 * on is that trying again is safe: the retry answers 200 if the first attempt left nothing, or 409
 * {@code already-redeemed-by-you} if it went through, and either way there is exactly one redemption. The test retries
 * every call that got no answer, as the Invite Redemption Page's "try again" does, and holds the service to that.
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
                outcome -> outcome.invitation().id(), Collectors.mapping(Outcome::contactId,
                        Collectors.toCollection(HashSet::new))));
        Map<String, Long> failures = outcomes.stream().filter(outcome -> !outcome.redeemed())
                .collect(Collectors.groupingBy(outcome -> outcome.status() == 0 ? failureKind(outcome.failure())
                        : "HTTP " + outcome.status(), TreeMap::new, Collectors.counting()));
        long answered200 = outcomes.stream().filter(Outcome::redeemed).count();
        System.out.printf("[invitation-sigterm] %d attempts: %d answered 200, failed %s; SIGTERM to exit %.1f s (exit code"
                + " %d)%n", outcomes.size(), answered200, failures, shutdownSeconds, exitCode);

        // Retried once the service is back: 200 (the cut-off call left nothing) or 409 already-redeemed-by-you (it went
        // through); anything else is a failure of the promise.
        List<Outcome> cutOff = outcomes.stream().filter(outcome -> outcome.status() == 0).toList();
        int appliedBeforeCutOff = 0;
        for (Outcome outcome : cutOff) {
            PortalClient.Reply retry = portal.redeemAs(portal.logins().portalUser(outcome.redeemer().email(),
                    outcome.redeemer().fullName()), outcome.invitation().code());
            boolean wentThrough = retry.status() == 409
                    && retry.body().path("type").asText().endsWith(":already-redeemed-by-you");
            if (retry.status() != 200 && !wentThrough) {
                throw new AssertionError("The retry of a call cut off by the shutdown answered " + retry.status() + " "
                        + retry.body() + " (expected 200, or 409 already-redeemed-by-you): " + outcome);
            }
            appliedBeforeCutOff += wentThrough ? 1 : 0;
            redeemedBy.computeIfAbsent(outcome.invitation().id(), id -> new HashSet<>()).add(outcome.redeemer().contactId());
        }
        long redeemedInAll = redeemedBy.values().stream().mapToLong(Set::size).sum();
        System.out.printf("[invitation-sigterm] %d calls got no answer: retried, %d had gone through (409"
                + " already-redeemed-by-you), %d had left nothing (200 on the retry)%n", cutOff.size(), appliedBeforeCutOff,
                cutOff.size() - appliedBeforeCutOff);

        for (Redeemable invitation : invitations) {
            Set<UUID> succeeded = redeemedBy.getOrDefault(invitation.id(), Set.of());
            Set<UUID> recorded = contactIds(portal.redemptions(invitation.id()));
            assertEquals(succeeded, recorded, "the redemptions recorded for " + invitation.id() + " are exactly those"
                    + " answered 200, first time or on the retry of a cut-off call; the refused attempts of the others: "
                    + outcomes.stream().filter(outcome -> outcome.invitation().equals(invitation) && outcome.status() != 0
                            && !outcome.redeemed() && recorded.contains(outcome.redeemer().contactId())).toList());
            assertEquals(succeeded.size(), portal.invitation(invitation.id()).path("redemptionCount").asInt(),
                    "the count of " + invitation.id() + " equals its redemptions");
        }
        Map<UUID, Set<UUID>> applied = awaitActivities(portal, invitations, redeemedInAll);
        for (Redeemable invitation : invitations) {
            assertEquals(redeemedBy.getOrDefault(invitation.id(), Set.of()), applied.getOrDefault(invitation.id(), Set.of()),
                    "the events applied downstream for " + invitation.id() + " are exactly its redemptions'");
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
