package dev.invitations.workflowservice.definition;

import dev.invitations.commons.problem.ProblemException;
import dev.invitations.workflowservice.WorkflowServiceConfig;
import dev.invitations.workflowservice.engine.DocumentFormat;
import dev.invitations.workflowservice.engine.InvalidWorkflowException;
import dev.invitations.workflowservice.engine.ParsedWorkflow;
import dev.invitations.workflowservice.engine.WorkflowEngine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.Response.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Registers workflow documents as versions and switches workflows on and off. */
@ApplicationScoped
public class WorkflowRegistry {

    private static final String CURRENT_VERSIONS = """
            select w, v from RegisteredWorkflow w, WorkflowVersion v
            where v.workflowId = w.id and v.version = w.currentVersion
            order by w.id""";

    public enum Outcome {
        CREATED, NEW_VERSION, UNCHANGED
    }

    public record Registration(Outcome outcome, WorkflowView workflow) {
    }

    private final WorkflowEngine engine;
    private final int maxDocumentBytes;

    public WorkflowRegistry(WorkflowEngine engine, WorkflowServiceConfig config) {
        this.engine = engine;
        this.maxDocumentBytes = config.definitions().maxDocumentBytes();
    }

    /** Checks a document without storing anything; compiling it may block, so it runs on a worker thread. */
    public Uni<ParsedWorkflow> check(String document, DocumentFormat format) {
        if (document == null || document.isBlank()) {
            return Uni.createFrom().failure(ProblemException.badRequest("document", "must not be empty"));
        }
        int size = document.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxDocumentBytes) {
            return Uni.createFrom().failure(new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE,
                    "The document has " + size + " bytes; at most " + maxDocumentBytes + " are accepted"));
        }
        return VertxContextSupport.executeBlocking(() -> engine.parse(document, format))
                .onFailure(InvalidWorkflowException.class).transform(e -> ProblemException.badRequest("document", e.getMessage()));
    }

    /**
     * Stores a checked document as the workflow's next version, or as version 1 of a new, active workflow. The same
     * content again changes nothing. The workflow row is locked so that two registrations of one workflow number
     * their versions one after the other; the unique document identity catches the rest.
     */
    @WithTransaction
    public Uni<Registration> register(String id, ParsedWorkflow parsed) {
        return RegisteredWorkflow.<RegisteredWorkflow>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(workflow -> WorkflowVersion.withIdentity(parsed.identity())
                        .flatMap(same -> same != null
                                ? unchanged(id, workflow, same, parsed)
                                : workflow == null ? create(id, parsed) : addVersion(workflow, parsed)))
                .invoke(registration -> Log.infof("Workflow %s %s at version %d", id, registration.outcome(), registration.workflow().version()));
    }

    @WithSession
    public Uni<List<WorkflowView>> list() {
        return Panache.getSession()
                .flatMap(session -> session.createSelectionQuery(CURRENT_VERSIONS, Object[].class).getResultList())
                .map(rows -> rows.stream().map(row -> WorkflowView.summary((RegisteredWorkflow) row[0], (WorkflowVersion) row[1])).toList());
    }

    @WithSession
    public Uni<WorkflowView> get(String id) {
        return RegisteredWorkflow.<RegisteredWorkflow>findById(id)
                .onItem().ifNull().failWith(() -> notFound(id))
                .flatMap(this::details);
    }

    @WithSession
    public Uni<WorkflowVersion> version(String id, int version) {
        return WorkflowVersion.of(id, version)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Workflow " + id + " has no version " + version));
    }

    @WithTransaction
    public Uni<WorkflowView> setActive(String id, boolean active) {
        return RegisteredWorkflow.<RegisteredWorkflow>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> notFound(id))
                .invoke(workflow -> {
                    if (workflow.active != active) {
                        workflow.active = active;
                        workflow.updatedAt = Instant.now();
                        Log.infof("Workflow %s is now %s", id, active ? "active" : "inactive");
                    }
                })
                .flatMap(this::details);
    }

    private Uni<Registration> unchanged(String id, RegisteredWorkflow workflow, WorkflowVersion same, ParsedWorkflow parsed) {
        boolean sameContent = same.contentHash.equals(parsed.contentHash());
        if (workflow != null && same.workflowId.equals(id) && same.version == workflow.currentVersion && sameContent) {
            return details(workflow).map(view -> new Registration(Outcome.UNCHANGED, view));
        }
        String where = "version " + same.version + " of workflow " + same.workflowId;
        String detail = sameContent
                ? "Document " + parsed.identity() + " is already registered as " + where
                        + "; to run it again under this id, give it a new document.version"
                : "Document " + parsed.identity() + " is already registered as " + where
                        + " with different content; a changed document needs a new document.version";
        return Uni.createFrom().failure(ProblemException.conflict("workflow-version-exists", detail));
    }

    private Uni<Registration> create(String id, ParsedWorkflow parsed) {
        Instant now = Instant.now();
        RegisteredWorkflow workflow = new RegisteredWorkflow();
        workflow.id = id;
        workflow.active = true;
        workflow.currentVersion = 1;
        workflow.createdAt = now;
        workflow.updatedAt = now;
        return workflow.persist()
                .flatMap(ignored -> newVersion(workflow, parsed, now).persistAndFlush())
                .flatMap(ignored -> details(workflow))
                .map(view -> new Registration(Outcome.CREATED, view));
    }

    private Uni<Registration> addVersion(RegisteredWorkflow workflow, ParsedWorkflow parsed) {
        Instant now = Instant.now();
        workflow.currentVersion++;
        workflow.updatedAt = now;
        return newVersion(workflow, parsed, now).persistAndFlush()
                .flatMap(ignored -> details(workflow))
                .map(view -> new Registration(Outcome.NEW_VERSION, view));
    }

    private static WorkflowVersion newVersion(RegisteredWorkflow workflow, ParsedWorkflow parsed, Instant now) {
        WorkflowVersion version = new WorkflowVersion();
        version.id = UUID.randomUUID();
        version.workflowId = workflow.id;
        version.version = workflow.currentVersion;
        version.format = parsed.format();
        version.document = parsed.document();
        version.contentHash = parsed.contentHash();
        version.dsl = parsed.identity().dsl();
        version.namespace = parsed.identity().namespace();
        version.name = parsed.identity().name();
        version.documentVersion = parsed.identity().version();
        version.title = parsed.identity().title();
        version.registeredAt = now;
        return version;
    }

    private Uni<WorkflowView> details(RegisteredWorkflow workflow) {
        return WorkflowVersion.history(workflow.id).map(history -> WorkflowView.details(workflow, history));
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No workflow " + id);
    }
}
