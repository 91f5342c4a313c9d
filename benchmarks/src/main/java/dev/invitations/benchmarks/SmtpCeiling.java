package dev.invitations.benchmarks;

import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.portalclient.PortalClient;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMTP ceiling: the bulk send's N emails written straight into the sink, without Kafka, the database or any
 * service, by the mail client notification-service sends with (the Vert.x mail client under the Quarkus mailer) with
 * its settings ({@code quarkus.mailer.max-pool-size=32}, kept-alive connections, 32 emails in flight as
 * {@code notification.delivery.send-concurrency}). Each email is a copy of a real invitation email: one invitation is
 * sent through the system first, and its rendered subject, text, HTML and headers are what every copy carries, to a
 * distinct recipient. How fast the system mails, divided by this, is the share of the machine's mail ceiling it reaches.
 */
final class SmtpCeiling {

    /** notification-service's quarkus.mailer.max-pool-size and its send concurrency. */
    static final int POOL_SIZE = 32;
    private static final Duration SAMPLE_LIMIT = Duration.ofMinutes(2);
    private static final String DELIVERY_ID_HEADER = "X-Invitation-Delivery-Id";

    /**
     * @param mailServer        {@code sink} (the tool's SmtpSink) or {@code greenmail} (the infrastructure's)
     * @param systemMailBytes   size of the invitation email the system rendered and sent, as the sink received it
     * @param meanMailBytes     mean size of the ceiling's emails as the sink received them (NaN for GreenMail)
     * @param emailsPerSecond   N / (first email handed to the client -> last one accepted)
     * @param lastFifthPerSecond the rate of the last 20 % of arrivals: equal to the whole run's if the cost per email
     *                          does not grow with the number of recipients already received
     */
    record Result(int emails, String mailServer, int systemMailBytes, double meanMailBytes, int poolSize,
                  double seconds, double emailsPerSecond, double lastFifthPerSecond, int received, int lost,
                  int duplicates, int refused, boolean complete, ProcessMonitor.Usage resources) {
    }

    private final PortalSystem system;
    private final PortalClient client;
    private final Deadline deadline;
    private final PrintStream out;

    SmtpCeiling(PortalSystem system, PortalClient client, Deadline deadline, PrintStream out) {
        this.system = system;
        this.client = client;
        this.deadline = deadline;
        this.out = out;
    }

    Result run(int emails, String tag, boolean intoGreenMail) {
        SmtpSink sink = system.sink().orElseThrow(() -> new IllegalStateException("The SMTP ceiling writes into the "
                + "tool's sink, which only a system the tool starts mails to: leave out --use-running"));
        String server = intoGreenMail ? "greenmail" : "sink";
        out.printf("%nSMTP ceiling: %,d emails straight into the %s%n", emails, server);
        byte[] sample = sampleInvitationEmail(sink, tag);
        String domain = tag + "-ceiling.bench.example.com";
        int port = intoGreenMail ? system.infrastructure().smtpPort() : sink.port();
        Vertx vertx = Vertx.vertx();
        MailClient mailer = MailClient.create(vertx, new MailConfig().setHostname("127.0.0.1").setPort(port)
                .setStarttls(StartTLSOptions.DISABLED).setSsl(false).setLogin(LoginOption.DISABLED)
                .setMaxPoolSize(POOL_SIZE).setKeepAlive(true).setKeepAliveTimeout(5).setKeepAliveTimeoutUnit(TimeUnit.MINUTES));
        try (MailArrivals arrivals = intoGreenMail
                ? MailCollector.start(new Mailbox(system.endpoints().mailbox()), domain, deadline, out)
                : sink.arrivalsTo(domain);
             ProcessMonitor monitor = ProcessMonitor.start(system.processes())) {
            MailMessage template = copyOf(sample);
            Semaphore inFlight = new Semaphore(POOL_SIZE);
            AtomicInteger refused = new AtomicInteger();
            long started = System.currentTimeMillis();
            int handed = 0;
            while (handed < emails && acquire(inFlight)) {
                mailer.sendMail(new MailMessage(template).setTo("s" + handed + "@" + domain)).onComplete(sent -> {
                    if (sent.failed()) {
                        refused.incrementAndGet();
                    }
                    inFlight.release();
                });
                handed++;
            }
            boolean all = BulkSendScenario.awaitEmails(arrivals, handed - refused.get(), deadline, 0, out);
            ProcessMonitor.Usage resources = monitor.finish();
            arrivals.finish();
            long[] times = arrivals.firstReceivedAt().values().stream().mapToLong(Instant::toEpochMilli).sorted().toArray();
            int duplicates = arrivals.mailsPerRecipient().values().stream().mapToInt(count -> count - 1).sum();
            double seconds = times.length == 0 ? Double.NaN : (times[times.length - 1] - started) / 1000.0;
            int fifth = times.length * 4 / 5;
            double lastFifth = times.length < 10 ? Double.NaN
                    : (times.length - 1 - fifth) * 1000.0 / Math.max(1, times[times.length - 1] - times[fifth]);
            boolean complete = all && handed == emails && times.length == emails;
            return new Result(emails, server, sample.length,
                    BulkSendScenario.round(intoGreenMail ? Double.NaN : sink.meanMailBytes(domain)), POOL_SIZE,
                    BulkSendScenario.round(seconds), BulkSendScenario.round(times.length / seconds),
                    BulkSendScenario.round(lastFifth), times.length, emails - times.length, duplicates, refused.get(),
                    complete, resources);
        } finally {
            mailer.close();
            vertx.close();
        }
    }

    /** One invitation sent through the system: its email as notification-service rendered and sent it. */
    private byte[] sampleInvitationEmail(SmtpSink sink, String tag) {
        Fixtures fixtures = new Fixtures(client, tag, deadline, out);
        UUID[] invitation = fixtures.singleInvitations(fixtures.contacts(1));
        try (MailArrivals arrivals = sink.arrivalsTo(fixtures.mailDomain())) {
            client.sendAll(Arrays.asList(invitation));
            BulkSendScenario.awaitEmails(arrivals, 1, deadline.within(SAMPLE_LIMIT), -1, out);
        }
        return sink.firstMailTo(fixtures.mailDomain()).orElseThrow(() -> new IllegalStateException(
                "The sample invitation's email did not arrive within " + SAMPLE_LIMIT.toMinutes() + " min"));
    }

    /** What notification-service's mailer would send again for that email: sender, subject, both bodies, headers. */
    private static MailMessage copyOf(byte[] mail) {
        try {
            MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mail));
            Address from = parsed.getFrom()[0];
            MailMessage copy = new MailMessage().setFrom(from.toString()).setSubject(parsed.getSubject());
            Multipart alternatives = (Multipart) parsed.getContent();
            for (int i = 0; i < alternatives.getCount(); i++) {
                BodyPart part = alternatives.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    copy.setText(part.getContent().toString());
                } else if (part.isMimeType("text/html")) {
                    copy.setHtml(part.getContent().toString());
                }
            }
            copy.addHeader(DELIVERY_ID_HEADER, parsed.getHeader(DELIVERY_ID_HEADER, null));
            Address replyTo = parsed.getReplyTo()[0];
            if (!replyTo.equals(from)) {
                copy.addHeader("Reply-To", replyTo.toString());
            }
            return copy;
        } catch (MessagingException | IOException | ClassCastException e) {
            throw new IllegalStateException("The sample invitation email is not the multipart text + HTML the ceiling "
                    + "copies", e);
        }
    }

    /** A free slot among the emails in flight, or false once the deadline has passed. */
    private boolean acquire(Semaphore inFlight) {
        try {
            while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (deadline.passed()) {
                    return false;
                }
            }
            return !deadline.passed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
