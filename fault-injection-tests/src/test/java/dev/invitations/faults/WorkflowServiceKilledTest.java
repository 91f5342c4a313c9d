package dev.invitations.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.faults.RedemptionStream.Outcome;
import dev.invitations.faults.Workload.Redeemable;
import dev.invitations.localinfra.system.LocalSystem.Service;
import dev.invitations.portalclient.PortalClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: {@code kill -9} of workflow-service while redemptions of invitations that run a workflow flow in. After the
 * restart every redemption has exactly one run, COMPLETED: the runs the dead instance was executing are taken over
 * when their lease runs out (executed again: runs are at least once, recorded once), the events it had not committed
 * are redelivered and recognised by their ids.
 */
@Order(3)
@ExtendWith(FaultSystem.class)
class WorkflowServiceKilledTest {

    /** Each run waits a second: with 16 runs executing at once, the kill finds runs in the middle of their execution. */
    private static final String WORKFLOW = "fault-slow-welcome";
    private static final int INVITATIONS = 10;
    private static final int REDEEMERS = 40;
    private static final int KILL_AFTER = 100;
    /** The default run lease (20 s after the last renewal), the consumer's rebalance, 400 runs of a second, 16 at once. */
    private static final Duration AFTER_RESTART_LIMIT = Duration.ofMinutes(2);

    @Test
    void killedMidRunEveryRedemptionRunsToCompletionExactlyOnce(FaultSystem.Running running) throws IOException {
        PortalClient portal = running.portal();
        portal.registerWorkflow(WORKFLOW, slowWelcomeWorkflow());
        Workload.Redemptions redemptions = new Workload(portal, "workflow-kill")
                .redemptions(REDEEMERS, INVITATIONS, draft -> draft.runningWorkflow(WORKFLOW));

        RedemptionStream.Interrupted stream = RedemptionStream.killingMidway(running, Service.WORKFLOW, KILL_AFTER,
                redemptions);
        assertEquals(redemptions.count(), stream.outcomes().stream().filter(Outcome::redeemed).count(),
                "invitation-service redeemed every code while workflow-service was down: " + stream.outcomes().stream()
                        .filter(outcome -> !outcome.redeemed()).limit(3).toList());

        List<JsonNode> runs = Polling.until(AFTER_RESTART_LIMIT,
                () -> redemptions.invitations().stream().flatMap(invitation -> portal.workflowRuns(invitation.id()).stream())
                        .toList(),
                all -> all.size() >= redemptions.count() && all.stream().noneMatch(WorkflowServiceKilledTest::running));
        System.out.printf("[workflow-kill] %d redemptions; killed with %d redeemed; restart %.1f s; every run ended %.1f s"
                        + " after it; %d runs, %d of them taken over from the killed instance (attempt > 1)%n",
                redemptions.count(), stream.redeemedAtKill(), stream.restartSeconds(),
                Duration.between(stream.restarted(), runs.stream().filter(run -> run.hasNonNull("endedAt"))
                        .map(run -> Instant.parse(run.path("endedAt").asText())).max(Instant::compareTo)
                        .orElse(stream.restarted())).toMillis() / 1000.0, runs.size(),
                runs.stream().filter(run -> run.path("attempt").asInt() > 1).count());
        for (Redeemable invitation : redemptions.invitations()) {
            List<JsonNode> its = runs.stream()
                    .filter(run -> run.path("invitationId").asText().equals(invitation.id().toString())).toList();
            assertEquals(REDEEMERS, its.size(), "one run per redemption of " + invitation.id());
            assertEquals(Set.copyOf(redemptions.contacts()), its.stream()
                    .map(run -> UUID.fromString(run.path("contactId").asText())).collect(Collectors.toSet()),
                    "a run for each redeemer of " + invitation.id());
            assertEquals(Set.of("COMPLETED"), its.stream().map(run -> run.path("status").asText())
                    .collect(Collectors.toSet()), "every run of " + invitation.id() + " COMPLETED, none RUNNING");
        }
    }

    private static boolean running(JsonNode run) {
        return run.path("status").asText().equals("RUNNING");
    }

    private static String slowWelcomeWorkflow() {
        try (InputStream in = WorkflowServiceKilledTest.class.getResourceAsStream(WORKFLOW + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
