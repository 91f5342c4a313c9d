package dev.invitations.notificationservice.template;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Templates", description = "The Send Invitation email templates: Qute text stored by key, versioned, active or inactive")
public class TemplateResource {

    /** Keys appear in URLs and in InvitationSent events: a small, unambiguous alphabet. */
    static final String KEY_PATTERN = "[a-z0-9][a-z0-9._-]{0,99}";

    private final TemplateService templates;

    public TemplateResource(TemplateService templates) {
        this.templates = templates;
    }

    @RolesAllowed({ Roles.TEMPLATES_EDITOR, Roles.INVITATIONS_OPERATOR })
    @GET
    @Operation(summary = "List templates", description = "Every template with its state and current version.")
    public Uni<List<TemplateView>> list() {
        return templates.list();
    }

    @RolesAllowed({ Roles.TEMPLATES_EDITOR, Roles.INVITATIONS_OPERATOR })
    @GET
    @Path("/{key}")
    @Operation(summary = "Get a template", description = "Its state and the text of its current version.")
    @APIResponse(responseCode = "200", description = "The template")
    @APIResponse(responseCode = "404", description = "No template with this key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<TemplateView> get(@PathParam("key") @Parameter(example = "send-invitation") @Pattern(regexp = KEY_PATTERN) String key) {
        return templates.get(key);
    }

    @RolesAllowed(Roles.TEMPLATES_EDITOR)
    @PUT
    @Path("/{key}")
    @Operation(summary = "Create or edit a template",
            description = "Creates the template (inactive) or adds a new version to an inactive one. An active template "
                    + "cannot be edited: deactivate it first. The text must parse and render with sample values, with and "
                    + "without the optional inviter and expiry date; otherwise nothing is stored.")
    @APIResponse(responseCode = "200", description = "A new version was saved")
    @APIResponse(responseCode = "201", description = "The template was created, inactive")
    @APIResponse(responseCode = "400", description = "Invalid field, a template that breaks a sandbox rule or does not parse or "
            + "render (line and problem given), a redemptionPageUrl off the link allow-list, or a from outside the sender domains",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The template is active: deactivate it first",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<TemplateView>> save(@PathParam("key") @Parameter(example = "send-invitation") @Pattern(regexp = KEY_PATTERN) String key,
            @NotNull @Valid TemplateRequest request, UriInfo uri) {
        return templates.save(key, request).map(saved -> saved.created()
                ? RestResponse.ResponseBuilder.<TemplateView>created(uri.getAbsolutePath()).entity(saved.template()).build()
                : RestResponse.ok(saved.template()));
    }

    @RolesAllowed(Roles.TEMPLATES_EDITOR)
    @POST
    @Path("/{key}/activate")
    @Operation(summary = "Activate a template",
            description = "New invitation emails are rendered with the current version; emails held while the template was "
                    + "inactive are released and sent. Activating an active template changes nothing.")
    @APIResponse(responseCode = "200", description = "The template, and the number of held emails released")
    @APIResponse(responseCode = "404", description = "No template with this key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The current version, stored before today's template rules, breaks one: "
            + "edit it first (each broken rule in errors[])", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<ActivationView> activate(@PathParam("key") @Pattern(regexp = KEY_PATTERN) String key) {
        return templates.activate(key);
    }

    @RolesAllowed(Roles.TEMPLATES_EDITOR)
    @POST
    @Path("/{key}/deactivate")
    @Operation(summary = "Deactivate a template",
            description = "Makes the template editable. Invitation emails that arrive meanwhile are held, not dropped and "
                    + "not sent, until it is activated again.")
    @APIResponse(responseCode = "200", description = "The template, now inactive")
    @APIResponse(responseCode = "404", description = "No template with this key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<TemplateView> deactivate(@PathParam("key") @Pattern(regexp = KEY_PATTERN) String key) {
        return templates.deactivate(key);
    }

    @RolesAllowed({ Roles.TEMPLATES_EDITOR, Roles.INVITATIONS_OPERATOR })
    @GET
    @Path("/{key}/versions")
    @Operation(summary = "List a template's versions", description = "Every saved version, newest first.")
    @APIResponse(responseCode = "200", description = "The versions")
    @APIResponse(responseCode = "404", description = "No template with this key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<List<TemplateVersionView>> versions(@PathParam("key") @Pattern(regexp = KEY_PATTERN) String key) {
        return templates.versions(key);
    }

    @RolesAllowed(Roles.TEMPLATES_EDITOR)
    @POST
    @Path("/{key}/preview")
    @Operation(summary = "Preview a template",
            description = "Renders the current version with the sample values given (stand-ins for those left out) and "
                    + "returns sender, recipient, subject, HTML and text. Nothing is sent or stored.")
    @APIResponse(responseCode = "200", description = "The rendered email")
    @APIResponse(responseCode = "400", description = "Invalid sample value, or the template does not render with these values",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No template with this key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<PreviewView> preview(@PathParam("key") @Pattern(regexp = KEY_PATTERN) String key,
            @Valid @Schema(implementation = PreviewRequest.class) PreviewRequest request) {
        return templates.preview(key, request == null ? new PreviewRequest(null, null, null, null) : request);
    }
}
