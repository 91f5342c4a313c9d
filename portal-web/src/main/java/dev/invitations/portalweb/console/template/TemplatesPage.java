package dev.invitations.portalweb.console.template;

import dev.invitations.portalweb.backend.BackendRefusal;
import dev.invitations.portalweb.backend.EmailTemplate;
import dev.invitations.portalweb.backend.TemplatesClient;
import dev.invitations.portalweb.console.ConsoleFrame;
import dev.invitations.portalweb.console.ConsolePages;
import dev.invitations.portalweb.console.ConsoleProblemPages;
import dev.invitations.portalweb.console.ConsoleRoles;
import dev.invitations.portalweb.console.FieldErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
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
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The seed's template procedure: the Send Invitation email template with its state; deactivate it (emails arriving
 * meanwhile are held), edit it, preview it with sample values, activate it (the held emails go out with the new text).
 * Every call goes to notification-service with the editor's own token.
 */
@Path(TemplatesPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(ConsoleRoles.TEMPLATES_EDITOR)
public class TemplatesPage {

    public static final String PATH = "/console/templates";
    /** notification-service's template keys. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ConsoleFrame frame, List<EmailTemplate> templates);

        static native TemplateInstance template(ConsoleFrame frame, EmailTemplate template, List<EmailTemplate.Version> versions,
                TemplateForm form, FieldErrors errors, EmailTemplate.Preview preview, Integer released);
    }

    private final TemplatesClient templates;
    private final ConsolePages pages;
    private final ConsoleProblemPages problems;

    TemplatesPage(@RestClient TemplatesClient templates, ConsolePages pages, ConsoleProblemPages problems) {
        this.templates = templates;
        this.pages = pages;
        this.problems = problems;
    }

    @GET
    public Response list() {
        return pages.page(Templates.list(frame(), templates.list()));
    }

    /**
     * Its state, text and version history; the edit form while it is inactive. {@code released}: emails the last
     * activation sent; {@code from}: an earlier version whose text the form starts from (it is saved as a new version).
     */
    @GET
    @Path("/{key}")
    public Response show(@PathParam("key") String key, @QueryParam("released") Integer released, @QueryParam("from") Integer from) {
        if (!KEY.matcher(key).matches()) {
            return problems.notFound();
        }
        EmailTemplate template = templates.get(key);
        List<EmailTemplate.Version> versions = templates.versions(key);
        TemplateForm form = versions.stream().filter(version -> from != null && version.version() == from).findFirst()
                .map(TemplateForm::of).orElseGet(() -> TemplateForm.of(template));
        return pages.page(Templates.template(frame(), template, versions, form, FieldErrors.none(), null, released));
    }

    @POST
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("key") String key, @BeanParam TemplateFormParams typed) {
        if (!KEY.matcher(key).matches()) {
            return problems.notFound();
        }
        TemplateForm form = typed.form();
        try {
            templates.save(key, form.draft());
            return Response.seeOther(URI.create(PATH + "/" + key)).build();
        } catch (BackendRefusal refusal) {
            // 400: a field (a sandbox rule, a link or sender) with its line; 409: activated meanwhile, by someone else.
            if (refusal.status() != 400 && refusal.status() != 409) {
                throw refusal;
            }
            return page(refusal.status(), templates.get(key), form, FieldErrors.of(refusal), null);
        }
    }

    @POST
    @Path("/{key}/deactivate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deactivate(@PathParam("key") String key) {
        if (!KEY.matcher(key).matches()) {
            return problems.notFound();
        }
        templates.deactivate(key);
        return Response.seeOther(URI.create(PATH + "/" + key)).build();
    }

    @POST
    @Path("/{key}/activate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response activate(@PathParam("key") String key) {
        if (!KEY.matcher(key).matches()) {
            return problems.notFound();
        }
        try {
            EmailTemplate.Activation activation = templates.activate(key);
            return Response.seeOther(URI.create(PATH + "/" + key + "?released=" + activation.releasedDeliveries())).build();
        } catch (BackendRefusal refusal) {
            // 409: the saved version breaks a rule that changed since (a link or sender no longer allowed).
            if (refusal.status() != 409) {
                throw refusal;
            }
            EmailTemplate template = templates.get(key);
            return page(409, template, TemplateForm.of(template), FieldErrors.of(refusal), null);
        }
    }

    /** The current version rendered with sample values; nothing is sent or stored. */
    @POST
    @Path("/{key}/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response preview(@PathParam("key") String key) {
        if (!KEY.matcher(key).matches()) {
            return problems.notFound();
        }
        EmailTemplate template = templates.get(key);
        EmailTemplate.Preview preview = templates.preview(key, Map.of());
        return page(200, template, TemplateForm.of(template), FieldErrors.none(), preview);
    }

    private Response page(int status, EmailTemplate template, TemplateForm form, FieldErrors errors, EmailTemplate.Preview preview) {
        return pages.page(status, Templates.template(frame(), template, templates.versions(template.key()), form, errors, preview, null));
    }

    private ConsoleFrame frame() {
        return pages.frame("templates");
    }

    /** The edit form's fields as typed, kept when notification-service refuses them. */
    public record TemplateForm(String subject, String htmlBody, String textBody, String from, String redemptionPageUrl) {

        static TemplateForm of(EmailTemplate template) {
            return new TemplateForm(template.subject(), template.htmlBody(), template.textBody(), template.from(),
                    template.redemptionPageUrl());
        }

        static TemplateForm of(EmailTemplate.Version version) {
            return new TemplateForm(version.subject(), version.htmlBody(), version.textBody(), version.from(), version.redemptionPageUrl());
        }

        EmailTemplate.Draft draft() {
            return new EmailTemplate.Draft(subject, htmlBody, textBody, blankAsAbsent(from), blankAsAbsent(redemptionPageUrl));
        }

        private static String blankAsAbsent(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /** The form's fields, as posted. */
    public static class TemplateFormParams {
        @FormParam("subject")
        String subject;
        @FormParam("htmlBody")
        String htmlBody;
        @FormParam("textBody")
        String textBody;
        @FormParam("from")
        String from;
        @FormParam("redemptionPageUrl")
        String redemptionPageUrl;

        TemplateForm form() {
            return new TemplateForm(subject, htmlBody, textBody, from, redemptionPageUrl);
        }
    }
}
