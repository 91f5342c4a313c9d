package dev.invitations.notificationservice.template;

import dev.invitations.commons.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.TemplateException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The seed's editing rule: an active template is what emails are being rendered with, so it cannot be edited;
 * deactivate it, edit, activate. Every edit is a new version, and the earlier ones are kept.
 */
@ApplicationScoped
public class TemplateService {

    public record Saved(TemplateView template, boolean created) {
    }

    private final TemplateRenderer renderer;
    private final HeldEmails heldEmails;

    public TemplateService(TemplateRenderer renderer, HeldEmails heldEmails) {
        this.renderer = renderer;
        this.heldEmails = heldEmails;
    }

    private static final String CURRENT_VERSIONS = """
            select t, v from Template t, TemplateVersion v
            where v.templateKey = t.key and v.version = t.currentVersion order by t.key""";

    @WithSession
    public Uni<List<TemplateView>> list() {
        return heldEmails.countByTemplate().flatMap(held -> Panache.getSession()
                .flatMap(session -> session.createSelectionQuery(CURRENT_VERSIONS, Object[].class).getResultList())
                .map(rows -> rows.stream().map(row -> {
                    Template template = (Template) row[0];
                    return TemplateView.of(template, (TemplateVersion) row[1], held.getOrDefault(template.key, 0L));
                }).toList()));
    }

    @WithSession
    public Uni<TemplateView> get(String key) {
        return existing(key, LockModeType.NONE).flatMap(this::view);
    }

    @WithSession
    public Uni<List<TemplateVersionView>> versions(String key) {
        return existing(key, LockModeType.NONE)
                .flatMap(template -> TemplateVersion.<TemplateVersion>list("templateKey", Sort.descending("version"), key)
                        .map(versions -> versions.stream().map(v -> TemplateVersionView.of(v, template.currentVersion)).toList()));
    }

    /**
     * Creates the template (inactive, so that nothing is sent with it before it is checked and activated) or edits it.
     * The draft is checked first, off the event loop and outside the transaction: a refused draft stores nothing.
     */
    public Uni<Saved> save(String key, TemplateRequest request) {
        return renderer.checkOffLoop(request)
                .chain(() -> Panache.withTransaction(() -> Template.<Template>findById(key, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(template -> template == null ? create(key, request) : edit(template, request))));
    }

    private Uni<Saved> create(String key, TemplateRequest request) {
        Instant now = Instant.now();
        Template created = new Template();
        created.key = key;
        created.active = false;
        created.currentVersion = 1;
        created.createdAt = now;
        created.updatedAt = now;
        TemplateVersion first = newVersion(key, 1, request, now);
        // Flushed here so that losing a race with a concurrent creation is a 409, not a failed commit.
        return created.persistAndFlush()
                .onFailure(ConstraintViolationException.class).transform(e -> ProblemException.conflict("template-exists",
                        "Template '" + key + "' was created by another request meanwhile; read it and edit it instead"))
                .chain(first::persist)
                .invoke(() -> Log.infof("Template %s created (version 1, inactive)", key))
                .replaceWith(() -> new Saved(TemplateView.of(created, first, 0), true));
    }

    private Uni<Saved> edit(Template template, TemplateRequest request) {
        if (template.active) {
            return Uni.createFrom().failure(ProblemException.conflict("template-active", "Template '" + template.key + "' is active and cannot be "
                    + "edited: deactivate it first (POST /templates/" + template.key + "/deactivate), edit it, then activate it again"));
        }
        Instant now = Instant.now();
        TemplateVersion next = newVersion(template.key, template.currentVersion + 1, request, now);
        template.currentVersion = next.version;
        template.updatedAt = now;
        return next.persist()
                .invoke(() -> Log.infof("Template %s edited (version %d)", template.key, next.version))
                .chain(() -> heldEmails.count(template.key))
                .map(held -> new Saved(TemplateView.of(template, next, held), false));
    }

    /**
     * Activation also sends every email that was held while the template was inactive. The current version must pass
     * today's rules (sandbox, link and sender allow-lists): one stored before them is refused (409) until edited.
     */
    @WithTransaction
    public Uni<ActivationView> activate(String key) {
        return existing(key, LockModeType.PESSIMISTIC_WRITE).flatMap(template -> {
            if (template.active) {
                return view(template).map(view -> new ActivationView(view, 0));
            }
            return current(template)
                    .flatMap(version -> renderer.checkStoredOffLoop(version.content()))
                    .flatMap(checked -> activateChecked(key, template));
        });
    }

    private Uni<ActivationView> activateChecked(String key, Template template) {
        template.active = true;
        template.updatedAt = Instant.now();
        return heldEmails.release(key, template.currentVersion)
                .invoke(released -> Log.infof("Template %s activated (version %d); %d held emails released",
                        key, template.currentVersion, released))
                .flatMap(released -> view(template).map(view -> new ActivationView(view, released)));
    }

    /** Emails that arrive from now on are held; those already claimed for sending go out with the version they claimed. */
    @WithTransaction
    public Uni<TemplateView> deactivate(String key) {
        return existing(key, LockModeType.PESSIMISTIC_WRITE).flatMap(template -> {
            if (template.active) {
                template.active = false;
                template.updatedAt = Instant.now();
                Log.infof("Template %s deactivated", key);
            }
            return view(template);
        });
    }

    @WithSession
    public Uni<PreviewView> preview(String key, PreviewRequest request) {
        return existing(key, LockModeType.NONE)
                .flatMap(template -> current(template))
                .flatMap(version -> renderer.renderOffLoop(version.content(), request.toValues())
                        .map(email -> new PreviewView(key, version.version, email.from(), email.replyTo(), email.to(),
                                email.subject(), email.html(), email.text(), email.redemptionUrl())))
                .onFailure(TemplateException.class).transform(e -> new ProblemException(Status.BAD_REQUEST,
                        "The template does not render with these values: " + TemplateRenderer.describe((TemplateException) e)));
    }

    private Uni<Template> existing(String key, LockModeType lock) {
        return Template.<Template>findById(key, lock)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No template '" + key + "'"));
    }

    private Uni<TemplateVersion> current(Template template) {
        return TemplateVersion.<TemplateVersion>find("templateKey = ?1 and version = ?2", template.key, template.currentVersion)
                .singleResult();
    }

    private Uni<TemplateView> view(Template template) {
        return current(template).flatMap(version -> heldEmails.count(template.key)
                .map(held -> TemplateView.of(template, version, held)));
    }

    private static TemplateVersion newVersion(String key, int number, TemplateRequest request, Instant now) {
        TemplateVersion version = new TemplateVersion();
        version.id = UUID.randomUUID();
        version.templateKey = key;
        version.version = number;
        version.subject = request.subject();
        version.htmlBody = request.htmlBody();
        version.textBody = request.textBody();
        version.fromAddress = request.from();
        version.redemptionPageUrl = request.redemptionPageUrl();
        version.createdAt = now;
        return version;
    }
}
