package dev.invitations.workflowservice.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.commons.erasure.ErasedContacts;
import dev.invitations.commons.inbox.JsonRows;
import dev.invitations.commons.inbox.ProcessedEvents;
import dev.invitations.commons.lease.Leases;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.workflowservice.definition.RegisteredWorkflow;
import dev.invitations.workflowservice.engine.DocumentFormat;
import dev.invitations.workflowservice.engine.WorkflowEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The run records: created from redemptions, claimed and finished by the dispatcher, retried by operators. */
@ApplicationScoped
public class WorkflowRuns {

    /**
     * Takes the leases of the oldest due runs in one statement (no transaction around it): rows another instance is
     * claiming right now are skipped rather than waited for, and so are the runs this process is executing, should their
     * lease have lapsed while the database was away. A run of a version the engine has not compiled yet ($6 names the
     * compiled ones) comes with its document.
     */
    private static final String CLAIM_DUE = """
            with due as (
                select id from workflow_run
                where status = 'RUNNING' and (lease_expires_at is null or lease_expires_at < now()) and not (id = any($1))
                order by created_at limit $2 for update skip locked),
            claimed as (
                update workflow_run r set attempt = r.attempt + 1, started_at = $3, lease_owner = $4, lease_expires_at = $5
                from due where r.id = due.id
                returning r.id, r.attempt, r.workflow_id, r.workflow_version, r.input, r.created_at)
            select c.id, c.attempt, c.workflow_id, c.workflow_version, c.input, v.format, v.document
            from claimed c left join workflow_version v on v.workflow_id = c.workflow_id and v.version = c.workflow_version
                and not (c.workflow_id || '@' || c.workflow_version = any($6))
            order by c.created_at""";

    /**
     * The results of a group of runs in one statement. Only the attempt that holds a run may record it ({@code attempt}
     * is the fencing token): a run that was taken over after its lease ran out, or that ended otherwise meanwhile (its
     * contact erased), is not updated, and its id is not returned.
     */
    private static final String FINISH = """
            update workflow_run r set status = x.status, output = x.output, error = x.error, ended_at = x.ended_at,
                lease_expires_at = null, lease_owner = null
            from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
                as x(id, attempt, status, output, error, ended_at)
            where r.id = x.id and r.status = 'RUNNING' and r.attempt = x.attempt
            returning r.id""";

    /** The runs of a batch, in the row type of workflow_run: the columns it does not name start null. */
    private static final String INSERT_RUNS = """
            insert into workflow_run
            select * from jsonb_populate_recordset(cast(null as workflow_run), cast(cast(:runs as text) as jsonb))""";

    public record Filter(UUID contactId, UUID invitationId, RunStatus status, String workflowId) {
    }

    /**
     * A run as a redemption records it, named after workflow_run's columns: RUNNING for the dispatcher to claim, or
     * FAULTED at once (ended when recorded) with the reason.
     */
    record NewRun(UUID id, UUID eventId, String workflowId, Integer workflowVersion, UUID contactId, UUID invitationId,
            RunStatus status, String input, String error, int attempt, Instant createdAt, Instant endedAt) {

        NewRun(UUID id, InvitationRedeemed event, Integer workflowVersion, RunStatus status, String input, String error,
                Instant createdAt) {
            this(id, event.eventId(), event.workflowId(), workflowVersion, event.contact().id(), event.invitationId(), status,
                    input, error, 0, createdAt, status == RunStatus.FAULTED ? createdAt : null);
        }
    }

    private final ProcessedEvents processedEvents;
    private final ErasedContacts erasedContacts;
    private final WorkflowEngine engine;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Pool database;

    public WorkflowRuns(ProcessedEvents processedEvents, ErasedContacts erasedContacts, WorkflowEngine engine, ObjectMapper json,
            MeterRegistry meters, Pool database) {
        this.processedEvents = processedEvents;
        this.erasedContacts = erasedContacts;
        this.engine = engine;
        this.json = json;
        this.meters = meters;
        this.database = database;
        // Both outcomes exist from the start, at 0, so that an alert on the rate of FAULTED sees the series at once.
        countEnded(RunStatus.COMPLETED, 0);
        countEnded(RunStatus.FAULTED, 0);
    }

    /**
     * Records the runs a batch of redemptions asks for, one per event, in one transaction that also records the event
     * ids, so that a redelivered event finds its id and records nothing. A workflow that does not exist or is inactive
     * still gets a run: FAULTED, with the reason, so that nobody has to wonder why nothing happened.
     *
     * @param events each naming a workflow
     * @return the runs recorded; an event handled before (a redelivery) has none, nor has the redemption of a contact
     *         erased before it arrived (the topics have no order between them): no run input names an erased person
     */
    @WithTransaction
    public Uni<List<NewRun>> recordRedemptions(List<InvitationRedeemed> events) {
        return processedEvents.firstHandled(events, InvitationRedeemed::eventId, EventTypes.INVITATION_REDEEMED)
                .flatMap(fresh -> erasedContacts.among(fresh.stream().map(event -> event.contact().id()).toList())
                        .map(erased -> fresh.stream().filter(event -> !erased.contains(event.contact().id())).toList()))
                .flatMap(toRun -> toRun.isEmpty() ? Uni.createFrom().item(List.<NewRun>of()) : newRuns(toRun));
    }

    /**
     * The runs in one statement ({@link JsonRows}) rather than as entities: Hibernate would track each new run in the
     * session and bind its sixteen columns one by one at the flush, work that grows with the batch.
     */
    private Uni<List<NewRun>> newRuns(List<InvitationRedeemed> events) {
        Set<String> named = events.stream().map(InvitationRedeemed::workflowId).collect(Collectors.toSet());
        return RegisteredWorkflow.<RegisteredWorkflow>list("id in ?1", named)
                .map(workflows -> {
                    Map<String, RegisteredWorkflow> byId = workflows.stream().collect(Collectors.toMap(workflow -> workflow.id, workflow -> workflow));
                    return events.stream().map(event -> newRun(event, byId.get(event.workflowId()))).toList();
                })
                .call(runs -> Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT_RUNS)
                        .setParameter("runs", JsonRows.of(runs))
                        .executeUpdate()));
    }

    /** After the runs' transaction committed. DEBUG: at INFO every run would cost a synchronous console write. */
    void recorded(List<NewRun> runs) {
        for (NewRun run : runs) {
            Log.debugf("Run %s of workflow %s for invitation %s, contact %s: %s%s", run.id(), run.workflowId(),
                    run.invitationId(), run.contactId(), run.status(), run.error() == null ? "" : " (" + run.error() + ")");
            if (run.status() == RunStatus.FAULTED) {
                countEnded(run.status(), 1);
            }
        }
    }

    /**
     * Takes the lease of up to {@code limit} RUNNING runs that nobody holds, oldest first, counting the start as a new
     * attempt, with the documents of the versions the engine has not compiled yet.
     *
     * <p>On the reactive client rather than through Hibernate: an entity result makes Hibernate cache a new query plan
     * on every claim (the plans of one native query and entity class never compare equal), and the cache's lookups then
     * walked the one bucket they all share, which cost more CPU than running the workflows; the entities loaded, updated
     * and flushed added more.
     */
    public Uni<List<ClaimedRun>> claimDue(int limit, Leases leases) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Tuple arguments = Tuple.tuple(List.of(leases.held(), limit, now, leases.owner(), now.plus(leases.lease()),
                engine.compiled().toArray(String[]::new)));
        return database.preparedQuery(CLAIM_DUE).execute(arguments).map(rows -> {
            List<ClaimedRun> claimed = new ArrayList<>(rows.size());
            for (Row row : rows) {
                String format = row.getString("format");
                claimed.add(new ClaimedRun(row.getUUID("id"), row.getInteger("attempt"), row.getString("workflow_id"),
                        row.getInteger("workflow_version"), row.getString("input"),
                        format == null ? null : DocumentFormat.valueOf(format), row.getString("document")));
            }
            return claimed;
        });
    }

    /**
     * Extends the leases of the runs this process is executing. Only runs still RUNNING and still {@code owner}'s: a
     * claim that ran out meanwhile and was taken over stays with the instance that took it.
     */
    @WithTransaction
    public Uni<Integer> renew(UUID[] ids, UUID owner, Instant expiry) {
        return WorkflowRun.update("leaseExpiresAt = ?1 where id in ?2 and leaseOwner = ?3 and status = ?4",
                expiry, List.of(ids), owner, RunStatus.RUNNING);
    }

    /**
     * Records how a group of runs ended, in one statement. Only the attempt that holds a run may: if its lease ran out
     * and another start took over, or the run ended otherwise meanwhile, its result is dropped (and logged) and the rest
     * of the group is recorded.
     */
    public Uni<Void> finish(List<RunResult> results) {
        int size = results.size();
        UUID[] ids = new UUID[size];
        Integer[] attempts = new Integer[size];
        String[] statuses = new String[size];
        String[] outputs = new String[size];
        String[] errors = new String[size];
        OffsetDateTime[] endedAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            RunResult result = results.get(i);
            ids[i] = result.run().runId();
            attempts[i] = result.run().attempt();
            statuses[i] = result.status().name();
            outputs[i] = result.output();
            errors[i] = result.error();
            endedAt[i] = result.endedAt().atOffset(ZoneOffset.UTC);
        }
        return database.preparedQuery(FINISH).execute(Tuple.of(ids, attempts, statuses, outputs, errors, endedAt))
                .invoke(rows -> {
                    Set<UUID> recorded = new HashSet<>(rows.size());
                    rows.forEach(row -> recorded.add(row.getUUID(0)));
                    results.forEach(result -> finished(result, recorded.contains(result.run().runId())));
                })
                .replaceWithVoid();
    }

    private void finished(RunResult result, boolean recorded) {
        ClaimedRun run = result.run();
        if (!recorded) {
            Log.warnf("Run %s attempt %d ended after it was taken over; its result is dropped", run.runId(), run.attempt());
            return;
        }
        countEnded(result.status(), 1);
        if (result.status() == RunStatus.COMPLETED) {
            // DEBUG for the same reason as recorded(); a FAULTED run stays a warning.
            Log.debugf("Run %s of workflow %s@%d COMPLETED", run.runId(), run.workflowId(), run.workflowVersion());
        } else {
            Log.warnf("Run %s of workflow %s@%d FAULTED: %s", run.runId(), run.workflowId(), run.workflowVersion(), result.error());
        }
    }

    /**
     * Runs a FAULTED run again, with the workflow's current version: the usual fix for a fault is a corrected
     * workflow or a repaired endpoint, and retrying the old version would ignore the former.
     */
    @WithTransaction
    public Uni<WorkflowRun> retry(UUID id) {
        return WorkflowRun.<WorkflowRun>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No workflow run " + id))
                .flatMap(run -> {
                    if (run.status != RunStatus.FAULTED) {
                        return Uni.createFrom().failure(ProblemException.conflict("run-not-faulted",
                                "Run " + id + " is " + run.status + "; only a FAULTED run can be retried"));
                    }
                    return RegisteredWorkflow.<RegisteredWorkflow>findById(run.workflowId).map(workflow -> {
                        if (workflow == null) {
                            throw ProblemException.conflict("workflow-not-registered", "Workflow " + run.workflowId + " does not exist; register it before retrying");
                        }
                        if (!workflow.active) {
                            throw ProblemException.conflict("workflow-inactive", "Workflow " + run.workflowId + " is inactive; activate it before retrying");
                        }
                        run.status = RunStatus.RUNNING;
                        run.workflowVersion = workflow.currentVersion;
                        run.output = null;
                        run.error = null;
                        run.endedAt = null;
                        run.leaseExpiresAt = null;
                        run.leaseOwner = null;
                        Log.infof("Run %s of workflow %s retried with version %d", run.id, run.workflowId, run.workflowVersion);
                        return run;
                    });
                });
    }

    @WithSession
    public Uni<WorkflowRun> get(UUID id) {
        return WorkflowRun.<WorkflowRun>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No workflow run " + id));
    }

    /** Newest first. */
    @WithSession
    public Uni<List<WorkflowRun>> list(Filter filter, int offset, int limit) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (filter.contactId() != null) {
            conditions.add("contactId = :contactId");
            parameters.and("contactId", filter.contactId());
        }
        if (filter.invitationId() != null) {
            conditions.add("invitationId = :invitationId");
            parameters.and("invitationId", filter.invitationId());
        }
        if (filter.status() != null) {
            conditions.add("status = :status");
            parameters.and("status", filter.status());
        }
        if (filter.workflowId() != null) {
            conditions.add("workflowId = :workflowId");
            parameters.and("workflowId", filter.workflowId());
        }
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        return (conditions.isEmpty()
                ? WorkflowRun.<WorkflowRun>findAll(newestFirst)
                : WorkflowRun.<WorkflowRun>find(String.join(" and ", conditions), newestFirst, parameters))
                .range(offset, offset + limit - 1)
                .list();
    }

    /** Each its own creation time: the dispatcher claims the oldest first. */
    private NewRun newRun(InvitationRedeemed event, RegisteredWorkflow workflow) {
        Instant createdAt = Instant.now();
        UUID id = UUID.randomUUID();
        String input = toJson(RunInput.of(id, event));
        if (workflow == null) {
            return new NewRun(id, event, null, RunStatus.FAULTED, input, "Workflow " + event.workflowId() + " does not exist", createdAt);
        }
        if (!workflow.active) {
            return new NewRun(id, event, workflow.currentVersion, RunStatus.FAULTED, input,
                    "Workflow " + event.workflowId() + " is inactive", createdAt);
        }
        return new NewRun(id, event, workflow.currentVersion, RunStatus.RUNNING, input, null, createdAt);
    }

    private void countEnded(RunStatus status, int runs) {
        meters.counter("workflow.runs.ended", "status", status.name()).increment(runs);
    }

    private String toJson(RunInput input) {
        try {
            return json.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Run input cannot be written as JSON", e);
        }
    }
}
