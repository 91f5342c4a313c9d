package dev.invitations.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.faults.RedemptionStream.Outcome;
import dev.invitations.faults.Workload.Redeemable;
import dev.invitations.localinfra.system.LocalSystem.Service;
import dev.invitations.portalclient.PortalClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: {@code kill -9} of redemption-service while it applies batches of redemptions. After the restart each
 * redemption has exactly one Invite Redemption Activity, and each redeemer holds the account and the web role once:
 * the batch the dead instance had not committed is redelivered and applied, what it had committed is skipped by id.
 */
@Order(4)
@ExtendWith(FaultSystem.class)
class RedemptionServiceKilledTest {

    private static final int INVITATIONS = 10;
    private static final int REDEEMERS = 40;
    private static final int KILL_AFTER = 100;
    private static final Duration AFTER_RESTART_LIMIT = Duration.ofMinutes(2);

    @Test
    void killedMidBatchAppliesEveryRedemptionExactlyOnce(FaultSystem.Running running) throws IOException {
        PortalClient portal = running.portal();
        Workload workload = new Workload(portal, "redemption-kill");
        UUID account = UUID.fromString(portal.createAccount("Fault suite " + workload.mailDomain()).path("id").asText());
        UUID role = UUID.fromString(portal.createWebRole("fault-" + workload.mailDomain(), "Fault suite member")
                .path("id").asText());
        Workload.Redemptions redemptions = workload.redemptions(REDEEMERS, INVITATIONS,
                draft -> draft.assigningAccount(account).grantingWebRoles(role));

        RedemptionStream.Interrupted stream = RedemptionStream.killingMidway(running, Service.REDEMPTION, KILL_AFTER,
                redemptions);
        assertEquals(redemptions.count(), stream.outcomes().stream().filter(Outcome::redeemed).count(),
                "invitation-service redeemed every code while redemption-service was down");

        List<JsonNode> activities = Polling.until(AFTER_RESTART_LIMIT,
                () -> redemptions.invitations().stream()
                        .flatMap(invitation -> portal.redemptionActivities(invitation.id()).stream()).toList(),
                all -> all.size() >= redemptions.count());
        System.out.printf("[redemption-kill] %d redemptions; killed with %d redeemed; restart %.1f s; every activity"
                        + " recorded %.1f s after it; %d activities%n", redemptions.count(), stream.redeemedAtKill(),
                stream.restartSeconds(), Duration.between(stream.restarted(), activities.stream()
                        .map(activity -> Instant.parse(activity.path("appliedAt").asText()))
                        .max(Instant::compareTo).orElseThrow()).toMillis() / 1000.0, activities.size());
        for (Redeemable invitation : redemptions.invitations()) {
            List<JsonNode> its = activities.stream()
                    .filter(activity -> activity.path("invitationId").asText().equals(invitation.id().toString())).toList();
            assertEquals(REDEEMERS, its.size(), "one activity per redemption of " + invitation.id());
            assertEquals(Set.copyOf(redemptions.contacts()), its.stream()
                    .map(activity -> UUID.fromString(activity.path("contactId").asText())).collect(Collectors.toSet()),
                    "an activity for each redeemer of " + invitation.id());
        }
        for (UUID contact : redemptions.contacts()) {
            JsonNode access = portal.contactAccess(contact);
            assertEquals(account.toString(), access.path("parentAccountId").asText(), "parent account of " + contact);
            List<String> roles = new ArrayList<>();
            access.path("webRoles").forEach(held -> roles.add(held.path("id").asText()));
            assertEquals(List.of(role.toString()), roles, "the web role, once, for " + contact);
        }
    }
}
