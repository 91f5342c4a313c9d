package dev.invitations.portalweb.console.account;

import dev.invitations.portalweb.backend.BackendRefusal;
import dev.invitations.portalweb.backend.Catalogue;
import dev.invitations.portalweb.backend.WebRole;
import dev.invitations.portalweb.console.ConsoleFrame;
import dev.invitations.portalweb.console.ConsolePages;
import dev.invitations.portalweb.console.ConsoleProblemPages;
import dev.invitations.portalweb.console.ConsoleRoles;
import dev.invitations.portalweb.console.FieldErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The web roles redeeming an invitation can grant: every one (a small catalogue), create one, delete one after a
 * confirmation that says what deleting does. The list shows all a web role has, so there is no page per role.
 */
@Path(WebRolesPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(ConsoleRoles.ACCOUNTS_ADMIN)
public class WebRolesPage {

    public static final String PATH = "/console/web-roles";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ConsoleFrame frame, List<WebRole> webRoles, boolean created, boolean deleted);

        static native TemplateInstance form(ConsoleFrame frame, WebRoleForm form, FieldErrors errors);

        static native TemplateInstance confirmDelete(ConsoleFrame frame, WebRole webRole);
    }

    private final Catalogue accounts;
    private final ConsolePages pages;
    private final ConsoleProblemPages problems;

    WebRolesPage(@RestClient Catalogue accounts, ConsolePages pages, ConsoleProblemPages problems) {
        this.accounts = accounts;
        this.pages = pages;
        this.problems = problems;
    }

    @GET
    public Response list(@QueryParam("created") boolean created, @QueryParam("deleted") boolean deleted) {
        return pages.page(Templates.list(frame(), accounts.webRoles(), created, deleted));
    }

    @GET
    @Path("/new")
    public Response newWebRole() {
        return pages.page(Templates.form(frame(), WebRoleForm.EMPTY, FieldErrors.none()));
    }

    /** A 400 names its fields; a 409 is the name another web role has (ignoring case). Both keep what was typed. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("name") String name, @FormParam("description") String description) {
        WebRoleForm form = new WebRoleForm(name, description);
        try {
            accounts.createWebRole(form.draft());
            return Response.seeOther(URI.create(PATH + "?created=true")).build();
        } catch (BackendRefusal refusal) {
            FieldErrors errors = switch (refusal.status()) {
                case 400 -> FieldErrors.of(refusal);
                case 409 -> FieldErrors.none().add("name", pages.messages().web_roles_name_taken());
                default -> throw refusal;
            };
            return pages.page(refusal.status(), Templates.form(frame(), form, errors));
        }
    }

    /** "Delete": what deleting does, to be confirmed. Nothing is deleted yet. */
    @GET
    @Path("/{id}/delete")
    public Response confirmDelete(@PathParam("id") String id) {
        return withId(id, webRole -> pages.page(Templates.confirmDelete(frame(), accounts.webRole(webRole))));
    }

    /** The confirmed delete. A web role already gone is the not-found page (someone else deleted it first). */
    @POST
    @Path("/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") String id) {
        return withId(id, webRole -> {
            accounts.deleteWebRole(webRole);
            return Response.seeOther(URI.create(PATH + "?deleted=true")).build();
        });
    }

    /**
     * The path's id as a UUID, or the console's not-found page without asking the service: a path that cannot name a web
     * role is no different from one that names none (taken as a String: JAX-RS's own conversion would answer its plain 404,
     * not the console's page).
     */
    private Response withId(String id, Function<UUID, Response> page) {
        UUID parsed;
        try {
            parsed = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return problems.notFound();
        }
        return page.apply(parsed);
    }

    private ConsoleFrame frame() {
        return pages.frame("web-roles");
    }
}
