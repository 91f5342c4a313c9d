package dev.invitations.workflowservice.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.workflowservice.Workflows;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Run results recorded in groups, on the real PostgreSQL: one statement records the results of many runs, the result of
 * an attempt that was taken over is dropped inside its group while the rest of the group is recorded, and a group whose
 * commit fails is recorded by a retry rather than its runs executed again.
 *
 * <p>The dispatcher's own groups are watched from inside the database: a statement trigger on workflow_run notes how
 * many runs of the test's workflow each statement ended, and a row trigger can refuse the first statement that ends one
 * (a sequence counts its calls, as a sequence is not rolled back with the statement it failed).
 */
@QuarkusTest
class RunResultGroupsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    WorkflowRuns runs;

    @Inject
    RunDispatcher dispatcher;

    @Inject
    MeterRegistry meters;

    @Inject
    Pool database;

    private final String probe = "group_probe_" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void dropProbes() {
        sql("drop trigger if exists " + probe + "_groups on workflow_run");
        sql("drop trigger if exists " + probe + "_refuse on workflow_run");
        sql("drop function if exists " + probe + "_groups()");
        sql("drop function if exists " + probe + "_refuse()");
        sql("drop table if exists " + probe);
        sql("drop sequence if exists " + probe + "_calls");
    }

    @Test
    void oneStatementRecordsTheResultsOfManyRunsAndDropsATakenOverAttemptsResult() {
        String workflowId = Workflows.registeredSetWorkflow("group");
        List<ClaimedRun> claimed = IntStream.range(0, 20).mapToObj(i -> insertRun(workflowId, 1)).toList();
        ClaimedRun takenOver = claimed.get(7);
        // Another instance took this run over after its lease ran out: its attempt is now 2.
        database.preparedQuery("update workflow_run set attempt = 2 where id = $1").execute(Tuple.of(takenOver.runId()))
                .await().atMost(TIMEOUT);
        List<RunResult> group = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            group.add(i % 5 == 0
                    ? RunResult.of(claimed.get(i), null, new IllegalStateException("endpoint refused"))
                    : RunResult.of(claimed.get(i), "{\"n\":" + i + "}", null));
        }
        double completedBefore = ended("COMPLETED");
        double faultedBefore = ended("FAULTED");

        runs.finish(group).await().atMost(TIMEOUT);

        Map<UUID, Row> rows = rows(workflowId);
        for (int i = 0; i < claimed.size(); i++) {
            Row row = rows.get(claimed.get(i).runId());
            if (claimed.get(i) == takenOver) {
                assertEquals("RUNNING", row.getString("status"), "the newer attempt's run is left alone");
                assertEquals(2, row.getInteger("attempt"));
                assertNull(row.getValue("ended_at"));
                assertEquals(this.owner(), row.getUUID("lease_owner"), "its claim stays with the instance that took it over");
            } else if (i % 5 == 0) {
                assertEquals("FAULTED", row.getString("status"));
                assertEquals("IllegalStateException: endpoint refused", row.getString("error"));
                assertNull(row.getValue("lease_owner"));
            } else {
                assertEquals("COMPLETED", row.getString("status"));
                assertEquals("{\"n\":" + i + "}", row.getString("output"));
                assertNull(row.getValue("lease_expires_at"));
            }
        }
        assertEquals(15, ended("COMPLETED") - completedBefore, "20 results, 4 FAULTED, 1 dropped");
        assertEquals(4, ended("FAULTED") - faultedBefore);
    }

    /** 8 runs in flight at most (test profile), so at least 24 / 8 statements; grouping makes them far fewer than 24. */
    @Test
    void theDispatcherRecordsTheResultsOfRunsThatEndTogetherInGroups() {
        String workflowId = Workflows.registeredSetWorkflow("grouped");
        watchGroups(workflowId);
        List<ClaimedRun> inserted = IntStream.range(0, 24).mapToObj(i -> insertRun(workflowId, 0)).toList();

        dispatcher.wake();

        await().atMost(TIMEOUT).until(() -> count(workflowId, "COMPLETED") == inserted.size());
        List<Integer> groups = groupSizes();
        assertEquals(inserted.size(), groups.stream().mapToInt(Integer::intValue).sum(), "each run recorded once: " + groups);
        assertTrue(groups.size() < inserted.size(), "results recorded together, not a statement each: " + groups);
        assertTrue(rows(workflowId).values().stream().allMatch(row -> row.getInteger("attempt") == 1), "each run executed once");
    }

    @Test
    void aGroupWhoseCommitFailsIsRecordedByARetryWithoutRunningAgain() {
        String workflowId = Workflows.registeredSetWorkflow("refused");
        refuseFirstEnding(workflowId);
        ClaimedRun run = insertRun(workflowId, 0);

        dispatcher.wake();

        await().atMost(TIMEOUT).until(() -> count(workflowId, "COMPLETED") == 1);
        Row row = rows(workflowId).get(run.runId());
        assertEquals(1, row.getInteger("attempt"), "recorded by the retry, not executed a second time");
        assertEquals("{\"marked\":true}", row.getString("output"));
        long calls = database.query("select last_value from " + probe + "_calls").execute().await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
        assertTrue(calls >= 2, "the first commit was refused and a later one went through: " + calls + " attempts");
    }

    /**
     * A RUNNING run of version 1: unclaimed at attempt 0 (for the dispatcher), or as this test's "instance" holds it
     * at {@code attempt}.
     */
    private ClaimedRun insertRun(String workflowId, int attempt) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        boolean held = attempt > 0;
        database.preparedQuery("""
                        insert into workflow_run (id, workflow_id, workflow_version, contact_id, invitation_id, status, input, attempt,
                            created_at, started_at, lease_owner, lease_expires_at)
                        values ($1, $2, 1, $3, $4, 'RUNNING', '{}', $5, $6, $7, $8, $9)""")
                .execute(Tuple.tuple(Arrays.asList(id, workflowId, UUID.randomUUID(), UUID.randomUUID(), attempt, now,
                        held ? now : null, held ? owner() : null, held ? now.plusHours(1) : null)))
                .await().atMost(TIMEOUT);
        return new ClaimedRun(id, attempt, workflowId, 1, "{}", null, null);
    }

    /** The owner this test claims its own runs as: not the dispatcher's, so that its claims never touch them. */
    private UUID owner() {
        return UUID.nameUUIDFromBytes(probe.getBytes());
    }

    private void watchGroups(String workflowId) {
        sql("create table " + probe + " (ended integer not null)");
        sql("""
                create function %1$s_groups() returns trigger language plpgsql as $$
                begin
                    insert into %1$s (ended) select count(*) from ended where workflow_id = '%2$s' and status <> 'RUNNING'
                        having count(*) > 0;
                    return null;
                end $$""".formatted(probe, workflowId));
        sql("create trigger " + probe + "_groups after update on workflow_run referencing new table as ended for each statement "
                + "execute function " + probe + "_groups()");
    }

    private void refuseFirstEnding(String workflowId) {
        sql("create sequence " + probe + "_calls");
        sql("""
                create function %1$s_refuse() returns trigger language plpgsql as $$
                begin
                    if new.workflow_id = '%2$s' and new.status <> 'RUNNING' and nextval('%1$s_calls') = 1 then
                        raise exception 'refused on purpose by RunResultGroupsTest';
                    end if;
                    return new;
                end $$""".formatted(probe, workflowId));
        sql("create trigger " + probe + "_refuse before update on workflow_run for each row execute function " + probe + "_refuse()");
    }

    private List<Integer> groupSizes() {
        List<Integer> sizes = new ArrayList<>();
        database.query("select ended from " + probe).execute().await().atMost(TIMEOUT).forEach(row -> sizes.add(row.getInteger(0)));
        return sizes;
    }

    private Map<UUID, Row> rows(String workflowId) {
        Map<UUID, Row> rows = new HashMap<>();
        database.preparedQuery("select * from workflow_run where workflow_id = $1").execute(Tuple.of(workflowId))
                .await().atMost(TIMEOUT).forEach(row -> rows.put(row.getUUID("id"), row));
        return rows;
    }

    private long count(String workflowId, String status) {
        return database.preparedQuery("select count(*) from workflow_run where workflow_id = $1 and status = $2")
                .execute(Tuple.of(workflowId, status)).await().atMost(TIMEOUT).iterator().next().getLong(0);
    }

    private double ended(String status) {
        return meters.counter("workflow.runs.ended", "status", status).count();
    }

    private void sql(String statement) {
        database.query(statement).execute().await().atMost(TIMEOUT);
    }
}
