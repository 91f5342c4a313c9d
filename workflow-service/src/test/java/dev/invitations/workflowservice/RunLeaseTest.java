package dev.invitations.workflowservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.invitations.workflowservice.run.RunDispatcher;
import dev.invitations.workflowservice.run.RunStatus;
import dev.invitations.workflowservice.run.WorkflowRun;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The claims on runs against the real PostgreSQL: a run claimed by another process whose lease ran out (that process
 * died) is taken over and executed, a run whose live owner keeps renewing its lease is left alone, and the heartbeat
 * renews only the runs this process claimed.
 */
@QuarkusTest
class RunLeaseTest {

    @Inject
    RunDispatcher dispatcher;

    @Test
    void aDeadOwnersRunIsTakenOverOnceItsLeaseRanOut() throws Throwable {
        String workflowId = Workflows.registeredSetWorkflow("orphaned");
        WorkflowRun orphan = claimedRun(workflowId, UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.SECONDS));

        JsonPath completed = WorkflowRunTest.awaitRun(orphan.invitationId, workflowId, "COMPLETED");

        assertEquals(2, completed.getInt("attempt"), "the dead owner's attempt, then this instance's");
    }

    /** The live owner's run is older than the free one: the claim that took the free one skipped it. */
    @Test
    void aLiveOwnersRunIsNotTakenOver() throws Throwable {
        String workflowId = Workflows.registeredSetWorkflow("held");
        WorkflowRun held = claimedRun(workflowId, UUID.randomUUID(), Instant.now().plus(1, ChronoUnit.HOURS));
        WorkflowRun free = claimedRun(workflowId, null, null);

        WorkflowRunTest.awaitRun(free.invitationId, workflowId, "COMPLETED");

        WorkflowRun after = load(held.id);
        assertEquals(RunStatus.RUNNING, after.status);
        assertEquals(1, after.attempt);
        end(held.id);
    }

    /**
     * Both runs are held by this process as far as the heartbeat knows, and both claims run far ahead so that the
     * dispatcher leaves them alone; a renewal brings a claim to one lease from now, which is sooner.
     */
    @Test
    void theHeartbeatRenewsOnlyThisProcesssRuns() throws Throwable {
        String workflowId = Workflows.registeredSetWorkflow("renewed");
        Instant farAhead = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        WorkflowRun mine = claimedRun(workflowId, dispatcher.leases().owner(), farAhead);
        WorkflowRun theirs = claimedRun(workflowId, UUID.randomUUID(), farAhead);

        dispatcher.leases().holding(List.of(mine.id, theirs.id));
        try {
            VertxContextSupport.subscribeAndAwait(() -> dispatcher.heartbeat());
        } finally {
            dispatcher.leases().released(List.of(mine.id, theirs.id));
        }

        assertNotEquals(farAhead, load(mine.id).leaseExpiresAt);
        assertEquals(farAhead, load(theirs.id).leaseExpiresAt);
        end(mine.id);
        end(theirs.id);
    }

    /** A RUNNING run as a first attempt left it: claimed by {@code owner} until {@code until}, or by nobody. */
    private static WorkflowRun claimedRun(String workflowId, UUID owner, Instant until) throws Throwable {
        WorkflowRun run = new WorkflowRun();
        run.id = UUID.randomUUID();
        run.workflowId = workflowId;
        run.workflowVersion = 1;
        run.contactId = UUID.randomUUID();
        run.invitationId = UUID.randomUUID();
        run.status = RunStatus.RUNNING;
        run.input = "{}";
        run.createdAt = Instant.now();
        run.attempt = owner == null ? 0 : 1;
        run.startedAt = owner == null ? null : run.createdAt;
        run.leaseOwner = owner;
        run.leaseExpiresAt = until;
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(run::persist));
        return run;
    }

    private static WorkflowRun load(UUID id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> WorkflowRun.<WorkflowRun>findById(id)));
    }

    /** Leaves no run held for an hour behind. */
    private static void end(UUID id) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> WorkflowRun.update(
                "status = ?1, endedAt = ?2, leaseExpiresAt = null, leaseOwner = null where id = ?3", RunStatus.FAULTED, Instant.now(), id)));
    }
}
