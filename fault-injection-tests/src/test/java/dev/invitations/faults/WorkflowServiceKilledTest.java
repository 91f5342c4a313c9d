package dev.invitations.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.endtoend.PortalClient;
import dev.invitations.faults.RedemptionStream.Outcome;
import dev.invitations.faults.Workload.Redeemable;
import dev.invitations.faults.Workload.Redeemer;
import dev.invitations.localinfra.LocalSystem.Service;
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
    /** The suite's run lease (FaultSystem: 20 s + 5 s), the consumer's rebalance, the runs themselves. */
    private static final Duration AFTER_RESTART_LIMIT = Duration.ofMinutes(2);

    @Test
    void killedMidRunEveryRedemptionRunsToCompletionExactlyOnce(FaultSystem.Running running) throws IOException {
        PortalClient portal = running.portal();
        Workload workload = new Workload(portal, "workflow-kill");
        List<UUID> contacts = workload.contacts(REDEEMERS);
        List<Redeemer> redeemers = workload.redeemers(contacts);
        portal.registerWorkflow(WORKFLOW, welcomeWorkflow());
        List<Redeemable> invitations = workload.openInvitations(INVITATIONS, REDEEMERS, contacts.get(0),
                draft -> draft.runningWorkflow(WORKFLOW));

        RedemptionStream.Interrupted stream = RedemptionStream.killingMidway(running, Service.WORKFLOW, KILL_AFTER,
                invitations, redeemers);
        assertEquals(INVITATIONS * REDEEMERS, stream.outcomes().stream().filter(Outcome::redeemed).count(),
                "invitation-service redeemed every code while workflow-service was down: " + stream.outcomes().stream()
                        .filter(outcome -> !outcome.redeemed()).limit(3).toList());

        List<JsonNode> runs = awaitRuns(portal, invitations, AFTER_RESTART_LIMIT);
        Instant lastEnded = runs.stream().map(run -> Instant.parse(run.path("endedAt").asText()))
                .max(Instant::compareTo).orElseThrow();
        System.out.printf("[workflow-kill] %d redemptions; killed with %d redeemed; restart %.1f s; every run COMPLETED"
                        + " %.1f s after it; %d runs, %d taken over from the killed instance (attempt > 1)%n",
                INVITATIONS * REDEEMERS, stream.redeemedAtKill(), stream.restartSeconds(),
                Duration.between(stream.restarted(), lastEnded).toMillis() / 1000.0, runs.size(),
                runs.stream().filter(run -> run.path("attempt").asInt() > 1).count());
        Set<UUID> redeemerIds = Set.copyOf(contacts);
        for (Redeemable invitation : invitations) {
            List<JsonNode> its = runs.stream()
                    .filter(run -> run.path("invitationId").asText().equals(invitation.id().toString())).toList();
            assertEquals(REDEEMERS, its.size(), "one run per redemption of " + invitation.id());
            assertEquals(redeemerIds, its.stream().map(run -> UUID.fromString(run.path("contactId").asText()))
                    .collect(Collectors.toSet()), "a run for each redeemer of " + invitation.id());
            assertEquals(Set.of("COMPLETED"), its.stream().map(run -> run.path("status").asText())
                    .collect(Collectors.toSet()), "every run of " + invitation.id() + " COMPLETED, none RUNNING");
        }
    }

    /** Waits until every invitation has a run per redeemer and none is RUNNING; returns them all. */
    private static List<JsonNode> awaitRuns(PortalClient portal, List<Redeemable> invitations, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<JsonNode> runs = invitations.stream().flatMap(invitation -> portal.workflowRuns(invitation.id()).stream())
                    .toList();
            boolean settled = runs.size() >= INVITATIONS * REDEEMERS
                    && runs.stream().noneMatch(run -> run.path("status").asText().equals("RUNNING"));
            if (settled || System.nanoTime() > deadline) {
                return runs;
            }
            MailTally.pause();
        }
    }

    private static String welcomeWorkflow() {
        try (InputStream in = WorkflowServiceKilledTest.class.getResourceAsStream(WORKFLOW + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
