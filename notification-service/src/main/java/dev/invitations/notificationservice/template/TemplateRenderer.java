package dev.invitations.notificationservice.template;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.notificationservice.NotificationConfig;
import io.quarkus.logging.Log;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.Variant;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns a template version and the facts of an invitation into an email. Templates are stored text, so they are
 * parsed at run time, by {@link TemplateSandbox}'s engine (the email's model and nothing else, within limits); the HTML
 * body is parsed as text/html, which makes Qute escape every value put into it. Rendering runs on a worker pool of its
 * own, never on an event loop; the caller gets the result back on its own Vert.x context. The link and the sender obey
 * {@link AddressRules}, also for versions stored before those rules existed.
 */
@ApplicationScoped
public class TemplateRenderer {

    private static final Variant HTML = Variant.forContentType(Variant.TEXT_HTML);
    private static final Variant TEXT = Variant.forContentType(Variant.TEXT_PLAIN);
    private static final ZoneId EXPIRY_ZONE = ZoneId.of("UTC");
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG);
    // Compiled once: String.replaceAll would compile them again for every email.
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NOT_IN_A_DISPLAY_NAME = Pattern.compile("[\"<>,;:\\\\\\r\\n]");

    private final TemplateSandbox sandbox;
    private final AddressRules addresses;
    private final NotificationConfig config;
    private final WorkerExecutor workers;
    /** Parsed current version per template key: at thousands of emails a second, parsing each time would dominate. */
    private final ConcurrentMap<String, Parsed> parsedByKey = new ConcurrentHashMap<>();
    /** Stored versions already warned about (once each, not once per email): "versionId field". */
    private final java.util.Set<String> warned = ConcurrentHashMap.newKeySet();

    public TemplateRenderer(TemplateSandbox sandbox, AddressRules addresses, NotificationConfig config, Vertx vertx) {
        this.sandbox = sandbox;
        this.addresses = addresses;
        this.config = config;
        this.workers = vertx.createSharedWorkerExecutor("template-rendering",
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                Math.max(1, config.templates().renderTimeout().toMillis() * 3), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        workers.close();
    }

    /** {@link #render} on the rendering pool, with the time limit; the item or failure arrives on the caller's context. */
    public Uni<RenderedEmail> renderOffLoop(TemplateContent content, EmailValues values) {
        return offLoop(() -> render(content, values), 3);
    }

    /** {@link #check} on the rendering pool, with the time limit; the outcome arrives on the caller's context. */
    public Uni<Void> checkOffLoop(TemplateRequest draft) {
        return this.<Void>offLoop(() -> {
            check(draft);
            return null;
        }, 6).onFailure(SandboxViolation.class).transform(e -> stuck(e, "The template does not render: ", Status.BAD_REQUEST));
    }

    /** {@link #checkStored} on the rendering pool. */
    public Uni<Void> checkStoredOffLoop(TemplateContent content) {
        return this.<Void>offLoop(() -> {
            checkStored(content);
            return null;
        }, 6).onFailure(SandboxViolation.class).transform(e -> stuck(e, "Template '" + content.key() + "' version "
                + content.version() + " breaks the template rules; edit it before activating it: ", Status.CONFLICT));
    }

    /** The whole check went past its backstop: which part was at fault is unknown, so the error names the template. */
    private static ProblemException stuck(Throwable e, String detailPrefix, Status status) {
        return new ProblemException(status, detailPrefix + e.getMessage(),
                List.of(new Problem.FieldError("template", e.getMessage())));
    }

    /**
     * Each rendering of a part stops itself at the time limit (checked at every value and loop turn); this is the
     * backstop for the whole job, should a part ever get stuck between two checks.
     */
    private <T> Uni<T> offLoop(Supplier<T> work, int renderings) {
        Context caller = Vertx.currentContext();
        Duration limit = sandbox.renderTimeout();
        Duration backstop = limit.multipliedBy(renderings).plusSeconds(1);
        Uni<T> result = Uni.createFrom().completionStage(() -> workers.<T>executeBlocking(work::get, false).toCompletionStage())
                .ifNoItem().after(backstop).failWith(() -> new SandboxViolation(null, "rendering takes longer than "
                        + "the limit of " + RenderBudget.describe(limit) + " (notification.templates.render-timeout)"));
        return caller == null ? result : result.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /** @throws TemplateException if the version does not render with these values (a template problem, not a transient one) */
    public RenderedEmail render(TemplateContent content, EmailValues values) {
        return render(parsed(content), content, values);
    }

    /**
     * Refuses a draft that breaks a sandbox rule, would not parse, or would not render for an invitation with or
     * without its optional parts, or whose link or sender is not allowed, naming each failing field.
     */
    public void check(TemplateRequest draft) {
        check(new TemplateContent(null, null, 0, draft.subject(), draft.htmlBody(), draft.textBody(), draft.from(),
                draft.redemptionPageUrl()), "The template does not render: ", Status.BAD_REQUEST);
    }

    /** A stored version about to be activated must pass today's rules: one saved before them may not. */
    public void checkStored(TemplateContent content) {
        check(content, "Template '" + content.key() + "' version " + content.version() + " breaks the template rules; "
                + "edit it (PUT /templates/" + content.key() + ") before activating it: ", Status.CONFLICT);
    }

    private void check(TemplateContent content, String detailPrefix, Status status) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (content.fromAddress() != null && !content.fromAddress().isBlank()) {
            addresses.senderProblem(content.fromAddress()).ifPresent(problem -> errors.add(new Problem.FieldError("from", problem)));
        }
        if (content.redemptionPageUrl() != null && !content.redemptionPageUrl().isBlank()) {
            addresses.linkProblem(content.redemptionPageUrl())
                    .ifPresent(problem -> errors.add(new Problem.FieldError("redemptionPageUrl", problem)));
        }
        Template subject = sandbox.parse("subject", content.subject(), TEXT, errors);
        Template html = sandbox.parse("htmlBody", content.htmlBody(), HTML, errors);
        Template text = sandbox.parse("textBody", content.textBody(), TEXT, errors);
        if (errors.isEmpty()) {
            Parsed parsed = new Parsed(null, subject, html, text);
            tryRender(parsed, content, SampleValues.FULL, "", errors);
            if (errors.isEmpty()) {
                tryRender(parsed, content, SampleValues.MINIMAL, " (for an invitation without inviter or expiry date)", errors);
            }
        }
        if (!errors.isEmpty()) {
            String detail = detailPrefix + errors.stream()
                    .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElseThrow();
            throw new ProblemException(status, detail, errors);
        }
    }

    private Parsed parsed(TemplateContent content) {
        Parsed cached = parsedByKey.get(content.key());
        if (cached == null || !content.versionId().equals(cached.versionId())) {
            List<Problem.FieldError> errors = new ArrayList<>();
            Template subject = sandbox.parse("subject", content.subject(), TEXT, errors);
            Template html = sandbox.parse("htmlBody", content.htmlBody(), HTML, errors);
            Template text = sandbox.parse("textBody", content.textBody(), TEXT, errors);
            if (!errors.isEmpty()) {
                // A version stored before the sandbox's rules: it is not rendered at all.
                Problem.FieldError first = errors.get(0);
                throw new SandboxViolation(null, first.field() + " " + first.message());
            }
            cached = new Parsed(content.versionId(), subject, html, text);
            parsedByKey.put(content.key(), cached);
        }
        return cached;
    }

    private RenderedEmail render(Parsed parsed, TemplateContent content, EmailValues values) {
        Map<String, Object> model = model(content, values);
        // A header is one line: a line break from a template or a value must not start a header of its own.
        String subject = WHITESPACE.matcher(sandbox.render(parsed.subject(), model)).replaceAll(" ").strip();
        Sender sender = sender(content, values.sender());
        return new RenderedEmail(sender.from(), sender.replyTo(), values.recipient().email(), subject,
                sandbox.render(parsed.html(), model), sandbox.render(parsed.text(), model), (String) model.get("redemptionUrl"));
    }

    private Map<String, Object> model(TemplateContent content, EmailValues values) {
        Locale locale = values.recipient().locale() == null ? Locale.ENGLISH : values.recipient().locale();
        EmailValues.Invitation invitation = values.invitation();
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("recipient", new TemplateModel.Recipient(values.recipient().name(), values.recipient().email()));
        model.put("invitation", new TemplateModel.Invitation(invitation.name(), invitation.code(),
                invitation.type() == null ? null : invitation.type().name(), formatExpiry(invitation.expiresAt(), locale)));
        model.put("sender", person(values.sender()));
        model.put("inviter", person(values.inviter()));
        model.put("redemptionUrl", redemptionUrl(content, invitation.code(), values.recipient().locale()));
        return model;
    }

    private record Sender(String from, String replyTo) {
    }

    /**
     * The seed's rule, within the sender allow-list: the template's {@code from} if it has one, otherwise the
     * invitation's owner; an owner whose domain is not allowed goes into Reply-To and the email comes from
     * {@code notification.default-from}. A stored {@code from} that is no longer allowed is passed over.
     */
    private Sender sender(TemplateContent content, EmailValues.Person owner) {
        if (content.fromAddress() != null && !content.fromAddress().isBlank()) {
            if (addresses.senderAllowed(content.fromAddress())) {
                return new Sender(content.fromAddress(), null);
            }
            if (warned.add(content.versionId() + " from")) {
                Log.warnf("Template %s version %d: its from address is not in an allowed sender domain; using the "
                        + "invitation's owner or notification.default-from instead", content.key(), content.version());
            }
        }
        if (owner == null || owner.email() == null || owner.email().isBlank()) {
            return new Sender(config.defaultFrom(), null);
        }
        String name = owner.name() == null ? "" : NOT_IN_A_DISPLAY_NAME.matcher(owner.name()).replaceAll(" ").strip();
        String address = name.isEmpty() ? owner.email() : name + " <" + owner.email() + ">";
        return addresses.senderAllowed(owner.email()) ? new Sender(address, null) : new Sender(config.defaultFrom(), address);
    }

    /**
     * The page with the code and, when the recipient has a locale, their language ({@code lang}, a BCP 47 tag), so that
     * the page opens in it. A page that names its own {@code lang} keeps it: its template was written in that language.
     * A stored page that is no longer allowed is replaced by the configured one: the code never goes elsewhere.
     */
    private String redemptionUrl(TemplateContent content, String code, Locale recipientLocale) {
        String page = content.redemptionPageUrl();
        if (page == null || page.isBlank()) {
            page = config.redemptionPageUrl().toString();
        } else if (!addresses.linkAllowed(page)) {
            if (warned.add(content.versionId() + " redemptionPageUrl")) {
                Log.warnf("Template %s version %d: its redemption page is not on the link allow-list; linking "
                        + "notification.redemption-page-url instead", content.key(), content.version());
            }
            page = config.redemptionPageUrl().toString();
        }
        int fragment = page.indexOf('#');
        String base = fragment < 0 ? page : page.substring(0, fragment);
        String rest = fragment < 0 ? "" : page.substring(fragment);
        String separator = base.contains("?") ? "&" : "?";
        String query = "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8);
        if (recipientLocale != null && !recipientLocale.getLanguage().isEmpty() && !namesLanguage(base)) {
            query += "&lang=" + URLEncoder.encode(recipientLocale.toLanguageTag(), StandardCharsets.UTF_8);
        }
        return base + separator + query + rest;
    }

    private static boolean namesLanguage(String page) {
        int query = page.indexOf('?');
        return query >= 0 && Arrays.stream(page.substring(query + 1).split("&"))
                .anyMatch(parameter -> parameter.equals("lang") || parameter.startsWith("lang="));
    }

    private static String formatExpiry(Instant expiresAt, Locale locale) {
        return expiresAt == null ? null
                : EXPIRY.withLocale(locale).format(expiresAt.atZone(EXPIRY_ZONE));
    }

    private static TemplateModel.Person person(EmailValues.Person person) {
        return person == null ? null : new TemplateModel.Person(person.name(), person.email());
    }

    private void tryRender(Parsed parsed, TemplateContent content, EmailValues sample, String circumstance,
            List<Problem.FieldError> errors) {
        Map<String, Object> model = model(content, sample);
        tryRender("subject", parsed.subject(), model, circumstance, errors);
        tryRender("htmlBody", parsed.html(), model, circumstance, errors);
        tryRender("textBody", parsed.text(), model, circumstance, errors);
    }

    private void tryRender(String field, Template template, Map<String, Object> model, String circumstance,
            List<Problem.FieldError> errors) {
        try {
            sandbox.render(template, model);
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
}
