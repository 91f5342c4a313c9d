package dev.invitations.notificationservice.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The SMTP call. An unreachable or temporarily refusing server (connection refused, timeout, 4xx) is retried with
 * exponential backoff and jitter; a permanent refusal (5xx, e.g. unknown mailbox) is not, as it would fail the same way.
 * Limits are Fault Tolerance settings, overridable per deployment under
 * {@code quarkus.fault-tolerance."dev.invitations.notificationservice.delivery.MailGateway/send".*}.
 */
@ApplicationScoped
public class MailGateway {

    /** The server refused this email for good: retrying cannot help. */
    public static class PermanentRejection extends RuntimeException {
        PermanentRejection(SMTPException cause) {
            super("SMTP server refused the email: " + cause.getReplyCode() + " " + cause.getReplyMessage(), cause);
        }
    }

    private final ReactiveMailer mailer;
    private final Timer accepted;
    private final Timer failed;

    public MailGateway(ReactiveMailer mailer, MeterRegistry meters) {
        this.mailer = mailer;
        this.accepted = smtpTimer(meters, "sent");
        this.failed = smtpTimer(meters, "failed");
    }

    /** Per attempt, retries apart: the server's latency, not how long a delivery took with its backoff. */
    private static Timer smtpTimer(MeterRegistry meters, String outcome) {
        return Timer.builder("notification.smtp.send").description("One SMTP attempt, from connection pool to the server's answer")
                .tag("outcome", outcome).register(meters);
    }

    /**
     * {@code @NonBlocking}: the mailer only starts the exchange, so Fault Tolerance calls it on the caller's event loop
     * rather than dispatching each attempt, and its result, through the Vert.x context once more.
     *
     * @param attempts counts every try, including retries, for the delivery's record
     */
    @NonBlocking
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 5, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 300, jitterDelayUnit = ChronoUnit.MILLIS,
            maxDuration = 3, durationUnit = ChronoUnit.MINUTES, abortOn = PermanentRejection.class)
    @ExponentialBackoff(factor = 2, maxDelay = 20, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> send(Mail mail, AtomicInteger attempts) {
        attempts.incrementAndGet();
        Timer.Sample sample = Timer.start();
        return mailer.send(mail)
                .onItemOrFailure().invoke((ignored, failure) -> sample.stop(failure == null ? accepted : failed))
                // The @Timeout cancels a hung attempt: it counts as failed, with the time it was given.
                .onCancellation().invoke(() -> sample.stop(failed))
                .onFailure(e -> e instanceof SMTPException smtp && smtp.isPermanent())
                .transform(e -> new PermanentRejection((SMTPException) e));
    }
}
