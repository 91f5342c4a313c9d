package dev.invitations.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The SMTP server the services mail to in a benchmark: SubEthaSMTP on 127.0.0.1 (a free port, no authentication, no
 * TLS: what the services get from the local infrastructure's mail server), keeping per recipient only what the count
 * needs: how many mails and when the first was accepted, plus, per mail domain, the bytes received and the first mail
 * whole (the SMTP ceiling sends copies of it).
 *
 * <p>Why not GreenMail, the local run's and the tests' server: it keeps every mailbox in a list and compares each new
 * recipient's mailbox with every existing one, so a campaign to N distinct recipients costs it O(N&sup2;) CPU (about
 * 900 emails/s written straight into it by two plain clients, falling as mailboxes pile up, 1.4 ms of CPU per email
 * past 25,000): the bench's sink, not the system, capped bulk send. Here an email costs reading its bytes once and one
 * concurrent-map update per recipient, whatever the number of recipients before it. A mail is recorded before the
 * server answers 250 to its data, so whatever a client was told is accepted is counted: the count stays exact.
 */
final class SmtpSink implements AutoCloseable {

    private final Map<String, Recipient> recipients = new ConcurrentHashMap<>();
    private final Map<String, Domain> domains = new ConcurrentHashMap<>();
    private final SMTPServer server;

    private SmtpSink() {
        this.server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("localhost")
                .messageHandlerFactory(this::handler)
                .build();
    }

    static SmtpSink start() {
        SmtpSink sink = new SmtpSink();
        sink.server.start();
        return sink;
    }

    int port() {
        return server.getPortAllocated();
    }

    /** The arrivals to {@code domain}'s addresses; final as soon as the clients were answered, so finish() waits for nothing. */
    MailArrivals arrivalsTo(String domain) {
        Domain counted = domain(domain);
        String suffix = "@" + normalized(domain);
        return new MailArrivals() {
            @Override
            public int distinctRecipients() {
                return counted.recipients.intValue();
            }

            @Override
            public Map<String, Integer> mailsPerRecipient() {
                return recipientsOf(suffix).collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().mails.get()));
            }

            @Override
            public Map<String, Instant> firstReceivedAt() {
                return recipientsOf(suffix).collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().firstAt));
            }

            @Override
            public void finish() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** The first mail to {@code domain}'s addresses, as the client sent it, if one came. */
    Optional<byte[]> firstMailTo(String domain) {
        return Optional.ofNullable(domain(domain).first.get());
    }

    /** Mean size in bytes of the mails to {@code domain}'s addresses (NaN before the first). */
    double meanMailBytes(String domain) {
        Domain counted = domain(domain);
        return counted.bytes.doubleValue() / counted.mails.doubleValue();
    }

    @Override
    public void close() {
        server.stop();
    }

    private Stream<Map.Entry<String, Recipient>> recipientsOf(String suffix) {
        return recipients.entrySet().stream().filter(entry -> entry.getKey().endsWith(suffix));
    }

    private Domain domain(String domain) {
        return domains.computeIfAbsent(normalized(domain), ignored -> new Domain());
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            private final List<String> to = new ArrayList<>(1);

            @Override
            public void from(String from) {
            }

            @Override
            public void recipient(String recipient) {
                to.add(normalized(recipient));
            }

            @Override
            public String data(InputStream data) throws IOException {
                byte[] mail = data.readAllBytes();
                Instant at = Instant.now();
                for (String recipient : to) {
                    record(recipient, mail, at);
                }
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    private void record(String recipient, byte[] mail, Instant at) {
        Recipient seen = recipients.computeIfAbsent(recipient, ignored -> new Recipient(at));
        Domain domain = domain(recipient.substring(recipient.indexOf('@') + 1));
        if (seen.mails.getAndIncrement() == 0) {
            domain.recipients.increment();
        }
        domain.mails.increment();
        domain.bytes.add(mail.length);
        domain.first.compareAndSet(null, mail);
    }

    private static String normalized(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    private static final class Recipient {
        private final Instant firstAt;
        private final AtomicInteger mails = new AtomicInteger();

        Recipient(Instant firstAt) {
            this.firstAt = firstAt;
        }
    }

    private static final class Domain {
        private final LongAdder recipients = new LongAdder();
        private final LongAdder mails = new LongAdder();
        private final LongAdder bytes = new LongAdder();
        private final AtomicReference<byte[]> first = new AtomicReference<>();
    }
}
