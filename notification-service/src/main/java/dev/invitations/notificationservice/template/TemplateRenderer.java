package dev.invitations.notificationservice.template;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.notificationservice.NotificationConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns a template version and the facts of an invitation into an email. Templates are stored text, so they are
 * parsed at run time; the HTML body is parsed as text/html, which makes Qute escape every value put into it.
 */
@ApplicationScoped
public class TemplateRenderer {

    private static final Variant HTML = Variant.forContentType(Variant.TEXT_HTML);
    private static final Variant TEXT = Variant.forContentType(Variant.TEXT_PLAIN);
    private static final ZoneId EXPIRY_ZONE = ZoneId.of("UTC");

    private final Engine engine;
    private final NotificationConfig config;
    /** Parsed current version per template key: at thousands of emails a second, parsing each time would dominate. */
    private final ConcurrentMap<String, Parsed> parsedByKey = new ConcurrentHashMap<>();

    public TemplateRenderer(Engine engine, NotificationConfig config) {
        this.engine = engine;
        this.config = config;
    }

    /** @throws TemplateException if the version does not render with these values (a template problem, not a transient one) */
    public RenderedEmail render(TemplateContent content, EmailValues values) {
        return render(parsed(content), content, values);
    }

    /**
     * Refuses a draft that would not parse, or would not render for an invitation with or without its optional parts,
     * naming each failing field with the line and the problem.
     */
    public void check(TemplateRequest draft) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Template subject = parseField("subject", draft.subject(), TEXT, errors);
        Template html = parseField("htmlBody", draft.htmlBody(), HTML, errors);
        Template text = parseField("textBody", draft.textBody(), TEXT, errors);
        if (errors.isEmpty()) {
            Parsed parsed = new Parsed(null, subject, html, text);
            TemplateContent content = new TemplateContent(null, null, 0, draft.subject(), draft.htmlBody(),
                    draft.textBody(), draft.from(), draft.redemptionPageUrl());
            tryRender(parsed, content, SampleValues.FULL, "", errors);
            if (errors.isEmpty()) {
                tryRender(parsed, content, SampleValues.MINIMAL, " (for an invitation without inviter or expiry date)", errors);
            }
        }
        if (!errors.isEmpty()) {
            String detail = "The template does not render: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElseThrow();
            throw new ProblemException(Status.BAD_REQUEST, detail, errors);
        }
    }

    private Parsed parsed(TemplateContent content) {
        Parsed cached = parsedByKey.get(content.key());
        if (cached == null || !content.versionId().equals(cached.versionId())) {
            cached = new Parsed(content.versionId(), engine.parse(content.subject(), TEXT),
                    engine.parse(content.htmlBody(), HTML), engine.parse(content.textBody(), TEXT));
            parsedByKey.put(content.key(), cached);
        }
        return cached;
    }

    private RenderedEmail render(Parsed parsed, TemplateContent content, EmailValues values) {
        Model model = model(content, values);
        // A header is one line: a line break from a template or a value must not start a header of its own.
        String subject = model.render(parsed.subject()).replaceAll("\\s+", " ").strip();
        return new RenderedEmail(from(content, values.sender()), values.recipient().email(), subject,
                model.render(parsed.html()), model.render(parsed.text()), model.redemptionUrl());
    }

    private Model model(TemplateContent content, EmailValues values) {
        Locale locale = values.recipient().locale() == null ? Locale.ENGLISH : values.recipient().locale();
        EmailValues.Invitation invitation = values.invitation();
        return new Model(
                new TemplateModel.Recipient(values.recipient().name(), values.recipient().email()),
                new TemplateModel.Invitation(invitation.name(), invitation.code(),
                        invitation.type() == null ? null : invitation.type().name(), formatExpiry(invitation.expiresAt(), locale)),
                person(values.sender()),
                person(values.inviter()),
                redemptionUrl(content, invitation.code()));
    }

    /** The seed's rule: the invitation's owner signs the email unless the template has a {@code from} of its own. */
    private String from(TemplateContent content, EmailValues.Person sender) {
        if (content.fromAddress() != null && !content.fromAddress().isBlank()) {
            return content.fromAddress();
        }
        if (sender == null || sender.email() == null || sender.email().isBlank()) {
            return config.defaultFrom();
        }
        String name = sender.name() == null ? "" : sender.name().replaceAll("[\"<>,;:\\\\\\r\\n]", " ").strip();
        return name.isEmpty() ? sender.email() : name + " <" + sender.email() + ">";
    }

    private String redemptionUrl(TemplateContent content, String code) {
        String page = content.redemptionPageUrl() == null || content.redemptionPageUrl().isBlank()
                ? config.redemptionPageUrl().toString()
                : content.redemptionPageUrl();
        int fragment = page.indexOf('#');
        String base = fragment < 0 ? page : page.substring(0, fragment);
        String rest = fragment < 0 ? "" : page.substring(fragment);
        String separator = base.contains("?") ? "&" : "?";
        return base + separator + "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + rest;
    }

    private static String formatExpiry(Instant expiresAt, Locale locale) {
        return expiresAt == null ? null
                : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG).withLocale(locale).format(expiresAt.atZone(EXPIRY_ZONE));
    }

    private static TemplateModel.Person person(EmailValues.Person person) {
        return person == null ? null : new TemplateModel.Person(person.name(), person.email());
    }

    private Template parseField(String field, String source, Variant variant, List<Problem.FieldError> errors) {
        try {
            return engine.parse(source, variant);
        } catch (TemplateException e) {
            errors.add(new Problem.FieldError(field, describe(e)));
            return null;
        }
    }

    private void tryRender(Parsed parsed, TemplateContent content, EmailValues sample, String circumstance,
            List<Problem.FieldError> errors) {
        Model model = model(content, sample);
        tryRender("subject", parsed.subject(), model, circumstance, errors);
        tryRender("htmlBody", parsed.html(), model, circumstance, errors);
        tryRender("textBody", parsed.text(), model, circumstance, errors);
    }

    private static void tryRender(String field, Template template, Model model, String circumstance, List<Problem.FieldError> errors) {
        try {
            model.render(template);
        } catch (TemplateException e) {
            errors.add(new Problem.FieldError(field, describe(e) + circumstance));
        }
    }

    /** "line 3: unterminated section [if] detected", without Qute's "Parser error:" prefix. */
    static String describe(TemplateException e) {
        String problem = String.valueOf(e.getMessage()).replaceFirst("^(Parser|Rendering) error[^:]*: ", "");
        return e.getOrigin() == null ? problem : "line " + e.getOrigin().getLine() + ": " + problem;
    }

    private record Parsed(UUID versionId, Template subject, Template html, Template text) {
    }

    private record Model(TemplateModel.Recipient recipient, TemplateModel.Invitation invitation, TemplateModel.Person sender,
            TemplateModel.Person inviter, String redemptionUrl) {

        String render(Template template) {
            return template.data("recipient", recipient)
                    .data("invitation", invitation)
                    .data("sender", sender)
                    .data("inviter", inviter)
                    .data("redemptionUrl", redemptionUrl)
                    .render();
        }
    }
}
