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
import dev.invitations.workflowservice.definition.WorkflowVersion;
import dev.invitations.workflowservice.engine.WorkflowEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The run records: created from redemptions, claimed and finished by the dispatcher, retried by operators. */
@ApplicationScoped
public class WorkflowRuns {

    /**
     * Oldest first; rows another instance is claiming right now are skipped rather than waited for, and so are the runs
     * this process is executing, should their lease have lapsed while the database was away.
     */
    private static final String CLAIM_DUE = """
            select * from workflow_run
            where status = 'RUNNING' and (lease_expires_at is null or lease_expires_at < now()) and not (id = any(:held))
            order by created_at limit :limit for update skip locked""";

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

    public WorkflowRuns(ProcessedEvents processedEvents, ErasedContacts erasedContacts, WorkflowEngine engine, ObjectMapper json,
            MeterRegistry meters) {
        this.processedEvents = processedEvents;
        this.erasedContacts = erasedContacts;
        this.engine = engine;
        this.json = json;
        this.meters = meters;
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
     * Takes the lease of up to {@code limit} RUNNING runs that nobody holds, counting the start as a new attempt, and
     * loads the documents of the versions the engine has not compiled yet.
     */
    @WithTransaction
    public Uni<List<ClaimedRun>> claimDue(int limit, Leases leases) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM_DUE, WorkflowRun.class)
                        .setParameter("limit", limit)
                        .setParameter("held", leases.held())
                        .getResultList())
                .flatMap(runs -> {
                    Instant now = Instant.now();
                    runs.forEach(run -> {
                        run.attempt++;
                        run.startedAt = now;
                        run.leaseOwner = leases.owner();
                        run.leaseExpiresAt = leases.expiry(now);
                    });
                    return documentsFor(runs).map(documents -> runs.stream().map(run -> {
                        WorkflowVersion version = documents.get(ClaimedRun.definitionKey(run.workflowId, run.workflowVersion));
                        return new ClaimedRun(run.id, run.attempt, run.workflowId, run.workflowVersion, run.input,
                                version == null ? null : version.format, version == null ? null : version.document);
                    }).toList());
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
     * Records how a run ended. Only the attempt that holds the run may: if its lease ran out and another start took
     * over, this result is dropped and the newer attempt's stands.
     */
    @WithTransaction
    public Uni<Void> finish(ClaimedRun claimed, String output, Throwable failure) {
        return WorkflowRun.<WorkflowRun>findById(claimed.runId(), LockModeType.PESSIMISTIC_WRITE).invoke(run -> {
            if (run == null || run.status != RunStatus.RUNNING || run.attempt != claimed.attempt()) {
                Log.warnf("Run %s attempt %d ended after it was taken over; its result is dropped", claimed.runId(), claimed.attempt());
                return;
            }
            run.endedAt = Instant.now();
            run.leaseExpiresAt = null;
            run.leaseOwner = null;
            countEnded(failure == null ? RunStatus.COMPLETED : RunStatus.FAULTED, 1);
            if (failure == null) {
                run.status = RunStatus.COMPLETED;
                run.output = output;
                // DEBUG for the same reason as recorded(); a FAULTED run stays a warning.
                Log.debugf("Run %s of workflow %s@%d COMPLETED", run.id, run.workflowId, run.workflowVersion);
            } else {
                run.status = RunStatus.FAULTED;
                run.error = RunFailures.describe(failure);
                Log.warnf("Run %s of workflow %s@%d FAULTED: %s", run.id, run.workflowId, run.workflowVersion, run.error);
            }
        }).replaceWithVoid();
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

    /** One query per distinct version, one after the other: a reactive session runs one statement at a time. */
    private Uni<Map<String, WorkflowVersion>> documentsFor(List<WorkflowRun> runs) {
        Set<String> keys = new LinkedHashSet<>();
        List<WorkflowRun> needed = new ArrayList<>();
        for (WorkflowRun run : runs) {
            String key = ClaimedRun.definitionKey(run.workflowId, run.workflowVersion);
            if (!engine.knows(key) && keys.add(key)) {
                needed.add(run);
            }
        }
        return Multi.createFrom().iterable(needed)
                .onItem().transformToUniAndConcatenate(run -> WorkflowVersion.of(run.workflowId, run.workflowVersion))
                .collect().in(HashMap::new, (documents, version) -> documents.put(ClaimedRun.definitionKey(version.workflowId, version.version), version));
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
