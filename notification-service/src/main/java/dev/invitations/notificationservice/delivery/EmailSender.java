package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.commons.tracing.Traceparents;
import dev.invitations.commons.vertx.VertxContexts;
import dev.invitations.contract.InvitationSent;
import dev.invitations.notificationservice.template.EmailValues;
import dev.invitations.notificationservice.template.RenderedEmail;
import dev.invitations.notificationservice.template.SandboxViolation;
import dev.invitations.notificationservice.template.TemplateRenderer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.TemplateException;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Renders and sends one claimed delivery; a failed send becomes an outcome, never a failure. */
@ApplicationScoped
class EmailSender {

    /** Lets an operator find the delivery row of a received email; carries an id, never the invitation code. */
    static final String DELIVERY_ID_HEADER = "X-Invitation-Delivery-Id";

    /** The span of one email's SMTP exchange. */
    static final String SMTP_SPAN = "smtp send";

    /** Why a delivery whose code does not decrypt is given up; names no code, plaintext or encrypted. */
    static final String UNDECRYPTABLE = "The invitation code cannot be decrypted with this service's key: it was not "
            + "encrypted for this invitation with the key invitation-service shares (portal.codes.encryption-key)";

    private final TemplateRenderer renderer;
    private final MailGateway gateway;
    private final InvitationCodes codes;
    private final Tracer tracer;
    private final List<Context> lanes;
    private final AtomicInteger lane = new AtomicInteger();

    EmailSender(TemplateRenderer renderer, MailGateway gateway, InvitationCodes codes, Vertx vertx, Tracer tracer) {
        this.renderer = renderer;
        this.gateway = gateway;
        this.codes = codes;
        this.tracer = tracer;
        this.lanes = VertxContexts.oneOnEachEventLoop(vertx);
    }

    /**
     * A batch arrives on one event loop; rendering, MIME encoding and the SMTP connections' I/O would all stay on it and
     * leave the other cores idle. Each email is therefore started on the next event loop in turn (its pooled SMTP
     * connection then lives there too), and its outcome comes back to {@code home}, the context where the batch's
     * database session lives.
     */
    Uni<SendOutcome> send(Dispatch dispatch, Context home) {
        return onEventLoop(lanes.get(Math.floorMod(lane.getAndIncrement(), lanes.size())), () -> renderAndMail(dispatch))
                .emitOn(task -> home.runOnContext(ignored -> task.run()));
    }

    private static <T> Uni<T> onEventLoop(Context eventLoop, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> VertxContext.createNewDuplicatedContext(eventLoop)
                .runOnContext(ignored -> work.get().subscribe().with(emitter::complete, emitter::fail)));
    }

    private Uni<SendOutcome> renderAndMail(Dispatch dispatch) {
        // The only place the code is decrypted: it goes straight into the rendered email and nowhere else.
        String code;
        try {
            code = codes.decrypt(dispatch.event());
        } catch (CodeCipher.UndecryptableCodeException e) {
            // Another key, or a ciphertext made for another invitation: it would fail the same way every time.
            return Uni.createFrom().item(SendOutcome.failed(dispatch, 0, UNDECRYPTABLE));
        }
        // Rendered on the template pool (never on this event loop); the result comes back here, where the SMTP
        // connection of this lane lives.
        return renderer.renderOffLoop(dispatch.template(), values(dispatch.event(), code))
                .onItem().transformToUni(email -> mail(dispatch, email))
                .onFailure(TemplateException.class).recoverWithItem(e -> {
                    // Qute's message may quote the model, code included: keep only where and what kind of problem.
                    TemplateException problem = (TemplateException) e;
                    String where = problem.getOrigin() == null ? "" : " at line " + problem.getOrigin().getLine();
                    String what = problem instanceof SandboxViolation ? problem.getMessage() : problem.getCodeName().orElse("error");
                    return SendOutcome.failed(dispatch, 0, "Template " + dispatch.template().key() + " version "
                            + dispatch.template().version() + " does not render" + where + ": " + what);
                });
    }

    private Uni<SendOutcome> mail(Dispatch dispatch, RenderedEmail email) {
        // To the primary address only; the seed ignores CC and BCC, so none is ever set.
        Mail mail = new Mail()
                .setFrom(email.from())
                .addTo(email.to())
                .setSubject(email.subject())
                .setHtml(email.html())
                .setText(email.text())
                .addHeader(DELIVERY_ID_HEADER, dispatch.deliveryId().toString());
        if (email.replyTo() != null) {
            // The owner's domain may not send: the email comes from the default sender, answers go to the owner.
            mail.setReplyTo(email.replyTo());
        }
        AtomicInteger attempts = new AtomicInteger();
        Span smtp = smtpSpan(dispatch);
        String trace = Traceparents.of(smtp);
        return gateway.send(mail, attempts)
                .map(sent -> SendOutcome.sent(dispatch, attempts.get()).continuing(trace))
                .onFailure().recoverWithItem(e -> SendOutcome.failed(dispatch, attempts.get(), reason(e)).continuing(trace))
                .invoke(outcome -> endSmtpSpan(smtp, outcome, attempts.get()));
    }

    /**
     * The SMTP exchange, retries included, as a client span in the trace of the event that asked for the email: the
     * mailer has no instrumentation of its own. Its attributes are ids; never the code, the rendered text or the
     * address.
     */
    private Span smtpSpan(Dispatch dispatch) {
        return tracer.spanBuilder(SMTP_SPAN)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(Traceparents.context(dispatch.traceparent()))
                .setAttribute("invitation.id", dispatch.event().invitationId().toString())
                .setAttribute("invitation.delivery_id", dispatch.deliveryId().toString())
                .startSpan();
    }

    private static void endSmtpSpan(Span smtp, SendOutcome outcome, int attempts) {
        smtp.setAttribute("smtp.attempts", attempts);
        if (!outcome.sent()) {
            // The kind of failure only: a server's reply may quote the address.
            smtp.setStatus(StatusCode.ERROR, outcome.error().substring(0, Math.max(0, outcome.error().indexOf(':'))));
        }
        smtp.end();
    }

    private static EmailValues values(InvitationSent event, String code) {
        InvitationSent.Recipient recipient = event.recipient();
        String recipientName = recipient.fullName() == null || recipient.fullName().isBlank() ? recipient.email() : recipient.fullName();
        Locale locale = recipient.locale() == null || recipient.locale().isBlank() ? null : Locale.forLanguageTag(recipient.locale());
        InvitationSent.Sender sender = event.sender();
        InvitationSent.Inviter inviter = event.inviter();
        return new EmailValues(
                new EmailValues.Recipient(recipientName, recipient.email(), locale),
                new EmailValues.Invitation(event.invitationName(), code, event.type(), event.expiresAt()),
                sender == null ? new EmailValues.Person(null, null)
                        : new EmailValues.Person(sender.name() == null ? sender.email() : sender.name(), sender.email()),
                inviter == null ? null : new EmailValues.Person(inviter.fullName(), inviter.email()));
    }

    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getClass().getSimpleName() + ": " + message;
    }
}
