package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.InvitationType;
import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A tarpit: an SMTP server on 127.0.0.1 that accepts every connection and mail but, for a while, answers MAIL, RCPT and
 * the end of the data only after a few seconds each, so that one email takes longer than a claim's lease. Meanwhile the
 * service's API answers, the heartbeat keeps the slow claims (no other dispatcher sends them a second time), the
 * consumer holds one poll of records and claims the next only once that one is done (the memory it needs is bounded by
 * {@code max.poll.records}, whatever is waiting on the topic), and once the server answers normally again every
 * recipient has the email.
 */
@QuarkusTest
@TestProfile(TarpitSmtpTest.SlowMailServer.class)
class TarpitSmtpTest {

    static final String PORT_PROPERTY = "notification-service.test.tarpit-smtp-port";
    static final int EMAILS = 60;
    static final int POLL = 20;
    static final Duration LEASE = Duration.ofSeconds(6);
    static final Duration REPLY_DELAY = Duration.ofSeconds(3);
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    public static class SlowMailServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", Integer.toString(port()),
                    // Three held-back replies (9 s) make one email outlast a lease: only the heartbeat keeps its claim.
                    "notification.delivery.lease", LEASE.toSeconds() + "s",
                    "notification.delivery.heartbeat-interval", "1s",
                    "mp.messaging.incoming.invitations-sent.max.poll.records", Integer.toString(POLL));
        }
    }

    private static Tarpit tarpit;

    @BeforeAll
    static void startTarpit() {
        tarpit = new Tarpit(port());
    }

    @AfterAll
    static void stopTarpit() {
        tarpit.close();
    }

    @Test
    void aSlowMailServerLosesNoEmailGivesNoClaimATwinAndHoldsUpNothingElse() {
        UUID invitationId = UUID.randomUUID();
        String domain = "tarpit-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        List<InvitationSent> events = IntStream.range(0, EMAILS).mapToObj(i -> toGroupMember(invitationId, domain, i)).toList();
        Invitations.publishAll(events);
        // Sampled from the start of the send to the end of the slow phase: never more than one poll in the works.
        AtomicInteger mostInTheWorks = new AtomicInteger();

        // A poll may bring fewer records than max.poll.records: one held reply is enough to know the tarpit holds on.
        await().atMost(TIMEOUT).until(() -> {
            sampleInTheWorks(invitationId, mostInTheWorks);
            return tarpit.repliesHeldBack() > 0;
        });
        asStaff().when().get("/templates").then().statusCode(200);
        asStaff().when().get("/templates/send-invitation").then().statusCode(200).body("active", equalTo(true));

        // While the tarpit holds the connections: an email still being sent a lease after its claim, its claim
        // renewed, and a first poll done before the next is claimed.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            sampleInTheWorks(invitationId, mostInTheWorks);
            return summary(invitationId).getInt("sent") >= POLL && sendingLongerThanALeaseWithItsClaimRenewed(invitationId);
        });
        int heldBackAtMost = tarpit.repliesHeldBackAtMost();
        tarpit.answerNormally();
        assertThat("deliveries claimed and not finished at once", mostInTheWorks.get(), lessThanOrEqualTo(POLL));

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> summary(invitationId).getInt("sent") >= EMAILS);
        JsonPath summary = summary(invitationId);
        assertThat(summary.getInt("total"), equalTo(EMAILS));
        assertThat(summary.getInt("sent"), equalTo(EMAILS));
        Map<String, Integer> mails = tarpit.mailsPerRecipient(domain);
        long twice = mails.values().stream().filter(n -> n > 1).count();
        System.out.printf("[figure] tarpit (%d s per reply, lease %d s): %d emails, %d recipients mailed, %d mailed more than once;"
                        + " at most %d replies held back at once, at most %d deliveries in the works (poll of %d)%n",
                REPLY_DELAY.toSeconds(), LEASE.toSeconds(), EMAILS, mails.size(), twice, heldBackAtMost, mostInTheWorks.get(), POLL);
        assertThat("recipients mailed", mails.size(), equalTo(EMAILS));
        assertThat("recipients mailed more than once", twice, equalTo(0L));
    }

    /** Keeps the most deliveries seen claimed and not finished at once. */
    private static void sampleInTheWorks(UUID invitationId, AtomicInteger most) {
        most.accumulateAndGet(summary(invitationId).getInt("sending"), Math::max);
    }

    /** A delivery SENDING for longer than a lease since its claim (by the database's clock) whose lease still runs. */
    private static boolean sendingLongerThanALeaseWithItsClaimRenewed(UUID invitationId) throws SQLException {
        Endpoints infra = LocalInfrastructureTestResource.endpoints();
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUsername(), infra.dbPassword());
                PreparedStatement query = db.prepareStatement("""
                        select count(*) from notification.deliveries where invitation_id = ? and status = 'SENDING'
                        and created_at + make_interval(secs => ?) < now() and lease_expires_at > now()""")) {
            query.setObject(1, invitationId);
            query.setDouble(2, LEASE.toSeconds() + 1);
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getLong(1) > 0;
            }
        }
    }

    private static InvitationSent toGroupMember(UUID invitationId, String domain, int i) {
        return new InvitationSent(UUID.randomUUID(), invitationId, "Tarpit suppliers", InvitationType.GROUP,
                Invitations.encrypt(invitationId, "GROUP-TARPIT"), null, new InvitationSent.Sender("Olivia Owner", "owner@portal.example"),
                null, new InvitationSent.Recipient(UUID.randomUUID(), "Contact " + i, "contact-" + i + "@" + domain, "en"), null, Instant.now());
    }

    private static JsonPath summary(UUID invitationId) {
        return asStaff().queryParam("invitationId", invitationId).when().get("/deliveries/summary")
                .then().statusCode(200).extract().jsonPath();
    }

    private static int port() {
        return JvmWidePort.named(PORT_PROPERTY);
    }

    /**
     * SubEthaSMTP with a thread per connection: a reply is held back by sleeping in the handler of its command. A mail
     * is counted when its data is answered, so a copy the client sends again after giving up on a slow answer counts.
     */
    static final class Tarpit implements AutoCloseable {

        private final SMTPServer server;
        private final Map<String, AtomicInteger> mails = new ConcurrentHashMap<>();
        private final AtomicInteger heldBack = new AtomicInteger();
        private final AtomicInteger heldBackAtMost = new AtomicInteger();
        private volatile boolean slow = true;

        Tarpit(int port) {
            server = SMTPServer.port(port)
                    .bindAddress(InetAddress.getLoopbackAddress())
                    .hostName("localhost")
                    .messageHandlerFactory(this::handler)
                    .build();
            server.start();
        }

        int repliesHeldBack() {
            return heldBack.get();
        }

        int repliesHeldBackAtMost() {
            return heldBackAtMost.get();
        }

        void answerNormally() {
            slow = false;
        }

        Map<String, Integer> mailsPerRecipient(String domain) {
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            mails.forEach((recipient, count) -> {
                if (recipient.endsWith("@" + domain)) {
                    counts.put(recipient, count.get());
                }
            });
            return counts;
        }

        @Override
        public void close() {
            slow = false;
            server.stop();
        }

        private MessageHandler handler(MessageContext context) {
            return new MessageHandler() {
                private final List<String> to = new ArrayList<>(1);

                @Override
                public void from(String from) {
                    holdBack();
                }

                @Override
                public void recipient(String recipient) {
                    holdBack();
                    to.add(recipient.trim().toLowerCase(Locale.ROOT));
                }

                @Override
                public String data(InputStream data) throws IOException {
                    data.readAllBytes();
                    holdBack();
                    to.forEach(recipient -> mails.computeIfAbsent(recipient, ignored -> new AtomicInteger()).incrementAndGet());
                    return null;
                }

                @Override
                public void done() {
                }
            };
        }

        private void holdBack() {
            if (!slow) {
                return;
            }
            heldBackAtMost.accumulateAndGet(heldBack.incrementAndGet(), Math::max);
            try {
                Thread.sleep(REPLY_DELAY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                heldBack.decrementAndGet();
            }
        }
    }
}
