package dev.invitations.portalweb.console.workflow;

import dev.invitations.portalweb.PageMessages;
import dev.invitations.portalweb.backend.BackendRefusal;
import dev.invitations.portalweb.backend.Workflow;
import dev.invitations.portalweb.backend.WorkflowRun;
import dev.invitations.portalweb.backend.WorkflowsClient;
import dev.invitations.portalweb.console.ConsoleFrame;
import dev.invitations.portalweb.console.ConsolePages;
import dev.invitations.portalweb.console.ConsoleProblemPages;
import dev.invitations.portalweb.console.ConsoleRoles;
import dev.invitations.portalweb.console.FieldErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The workflows that redemptions run: register a CNCF Serverless Workflow document (pasted or uploaded) as a new
 * workflow or as a workflow's next version, read each version's document, activate and deactivate a workflow, follow
 * its runs and retry a faulted one. Every call goes to workflow-service with the editor's own token.
 */
@Path(WorkflowsPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(ConsoleRoles.WORKFLOWS_EDITOR)
public class WorkflowsPage {

    public static final String PATH = "/console/workflows";
    /** workflow-service's workflow ids: a path that cannot name one is not asked for. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** workflow-service's run statuses, in the order a run goes through them. */
    static final List<String> RUN_STATUSES = List.of("RUNNING", "COMPLETED", "FAULTED");
    /** The newest runs a workflow's page shows (workflow-service's default page of runs). */
    static final int RUNS_SHOWN = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ConsoleFrame frame, List<Workflow> workflows);

        static native TemplateInstance form(ConsoleFrame frame, WorkflowDocumentForm form, FieldErrors errors);

        static native TemplateInstance workflow(ConsoleFrame frame, Workflow workflow, String notice, Runs runs,
                WorkflowDocumentForm form, FieldErrors errors);

        static native TemplateInstance document(ConsoleFrame frame, Workflow workflow, int version, String document);
    }

    private final WorkflowsClient workflows;
    private final ConsolePages pages;
    private final ConsoleProblemPages problems;

    WorkflowsPage(@RestClient WorkflowsClient workflows, ConsolePages pages, ConsoleProblemPages problems) {
        this.workflows = workflows;
        this.pages = pages;
        this.problems = problems;
    }

    @GET
    public Response list() {
        return pages.page(Templates.list(frame(), workflows.list()));
    }

    @GET
    @Path("/new")
    public Response newWorkflow() {
        return pages.page(Templates.form(frame(), WorkflowDocumentForm.empty(), FieldErrors.none()));
    }

    /** A new workflow, or the next version of the workflow the id names: workflow-service decides which. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response register(@RestForm String id, @RestForm String document, @RestForm FileUpload file) {
        FieldErrors errors = FieldErrors.none();
        WorkflowDocumentForm form = WorkflowDocumentForm.submitted(id, document, file, errors, pages.messages());
        if (!ID.matcher(form.id()).matches()) {
            errors.add("id", pages.messages().workflow_id_invalid());
        }
        return register(form, errors, (status, refused) -> pages.page(status, Templates.form(frame(), form, refused)));
    }

    /** Its attributes, versions and runs (newest first, optionally of one status); {@code registered}, {@code retried}: what was just done. */
    @GET
    @Path("/{id}")
    public Response show(@PathParam("id") String id, @QueryParam("status") String status, @QueryParam("registered") boolean registered,
            @QueryParam("retried") boolean retried) {
        if (!ID.matcher(id).matches()) {
            return problems.notFound();
        }
        Workflow workflow = workflows.get(id);
        PageMessages messages = pages.messages();
        String wanted = status == null || status.isBlank() ? null : status.strip();
        if (wanted != null && !RUN_STATUSES.contains(wanted)) {
            return pages.page(400, Templates.workflow(frame(), workflow, null, new Runs(null, messages.workflow_runs_unknown_status(), List.of()),
                    WorkflowDocumentForm.of(id), FieldErrors.none()));
        }
        String notice = registered ? messages.workflow_registered(workflow.version()) : retried ? messages.workflow_run_retried() : null;
        return pages.page(Templates.workflow(frame(), workflow, notice, runs(id, wanted), WorkflowDocumentForm.of(id), FieldErrors.none()));
    }

    /** The next version of this workflow, from its page. */
    @POST
    @Path("/{id}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response registerVersion(@PathParam("id") String id, @RestForm String document, @RestForm FileUpload file) {
        if (!ID.matcher(id).matches()) {
            return problems.notFound();
        }
        FieldErrors errors = FieldErrors.none();
        WorkflowDocumentForm form = WorkflowDocumentForm.submitted(id, document, file, errors, pages.messages());
        return register(form, errors, (status, refused) -> pages.page(status, Templates.workflow(frame(), workflows.get(id), null,
                runs(id, null), form, refused)));
    }

    /** One version's document, exactly as it was registered. */
    @GET
    @Path("/{id}/versions/{version}")
    public Response document(@PathParam("id") String id, @PathParam("version") int version) {
        if (!ID.matcher(id).matches() || version < 1) {
            return problems.notFound();
        }
        return pages.page(Templates.document(frame(), workflows.get(id), version, workflows.document(id, version)));
    }

    @POST
    @Path("/{id}/activate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response activate(@PathParam("id") String id) {
        if (!ID.matcher(id).matches()) {
            return problems.notFound();
        }
        workflows.activate(id);
        return Response.seeOther(URI.create(PATH + "/" + id)).build();
    }

    /** Redemptions that name it from now on are recorded as faulted runs; runs already started go on. */
    @POST
    @Path("/{id}/deactivate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deactivate(@PathParam("id") String id) {
        if (!ID.matcher(id).matches()) {
            return problems.notFound();
        }
        workflows.deactivate(id);
        return Response.seeOther(URI.create(PATH + "/" + id)).build();
    }

    /** A faulted run again, with the workflow's current version; workflow-service refuses (409) any other run. */
    @POST
    @Path("/{id}/runs/{run}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(@PathParam("id") String id, @PathParam("run") UUID run) {
        if (!ID.matcher(id).matches()) {
            return problems.notFound();
        }
        workflows.retry(run);
        return Response.seeOther(URI.create(PATH + "/" + id + "?retried=true")).build();
    }

    /**
     * Sends a checked form to workflow-service, or shows it again ({@code again}: the page with the status and the
     * errors) with what the console or the service refused; nothing is sent when the console already found a mistake.
     */
    private Response register(WorkflowDocumentForm form, FieldErrors errors, BiFunction<Integer, FieldErrors, Response> again) {
        if (errors.any()) {
            return again.apply(400, errors);
        }
        try {
            if (form.json()) {
                workflows.registerJson(form.id(), form.document());
            } else {
                workflows.registerYaml(form.id(), form.document());
            }
            return Response.seeOther(URI.create(PATH + "/" + form.id() + "?registered=true")).build();
        } catch (BackendRefusal refusal) {
            return switch (refusal.status()) {
                // The document (with its line where it does not parse) or the id, each next to its field.
                case 400 -> again.apply(400, FieldErrors.of(refusal));
                // 409: its document.version already stands for other content; 413: larger than the service takes.
                case 409, 413 -> again.apply(refusal.status(), FieldErrors.none().add("document", refusal.detail().orElse("HTTP " + refusal.status())));
                default -> throw refusal;
            };
        }
    }

    private Runs runs(String id, String status) {
        return new Runs(status, null, workflows.runs(id, status, RUNS_SHOWN));
    }

    private ConsoleFrame frame() {
        return pages.frame("workflows");
    }

    /**
     * A workflow's runs as the page shows them.
     *
     * @param status the status filtered by, or null for all
     * @param error why the filter could not be applied, or null
     */
    public record Runs(String status, String error, List<WorkflowRun> items) {

        public List<String> statuses() {
            return RUN_STATUSES;
        }

        public int shown() {
            return RUNS_SHOWN;
        }
    }
}
