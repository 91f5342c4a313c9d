package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP goes away. The shared mail server must stay up for the other tests, so this class points the mailer at a
 * GreenMail server of its own that it stops and starts, with a retry window shortened to about twelve seconds.
 */
@QuarkusTest
@TestProfile(SmtpOutageTest.PrivateSmtpServer.class)
class SmtpOutageTest {

    static final String PORT_PROPERTY = "notification-service.test.outage-smtp-port";
    static final int ATTEMPTS = 9;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    public static class PrivateSmtpServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String send = "quarkus.fault-tolerance.\"dev.invitations.notificationservice.delivery.MailGateway/send\"";
            return Map.of(
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", Integer.toString(port()),
                    send + ".retry.max-retries", Integer.toString(ATTEMPTS - 1),
                    send + ".retry.delay", "300",
                    send + ".retry.delay-unit", "MILLIS",
                    send + ".retry.jitter", "100",
                    send + ".exponential-backoff.max-delay", "2",
                    send + ".timeout.value", "5");
        }
    }

    private GreenMail smtp;

    @BeforeEach
    void startSmtp() {
        smtp = startedSmtp();
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void emailIsSentExactlyOnceWhenSmtpReturnsWithinTheRetryWindow() {
        smtp.stop();
        double retriesBefore = retriesSoFar();
        InvitationSent event = Invitations.toNewContact(null);
        Invitations.publish(event);

        // An attempt failed and a retry is scheduled: only now does the server come back.
        await().atMost(TIMEOUT).until(() -> retriesSoFar() > retriesBefore);
        smtp = startedSmtp();

        await().atMost(TIMEOUT).untilAsserted(() -> asStaff().queryParam("invitationId", event.invitationId())
                .when().get("/deliveries")
                .then().body("[0].status", equalTo("SENT")).body("[0].attempts", greaterThanOrEqualTo(2)));
        assertThat(receivedBy(event.recipient().email()), hasSize(1));
    }

    @Test
    void deliveryFailsAfterTheRetriesAndTheEventIsDeadLetteredWhileConsumptionGoesOn() throws Exception {
        smtp.stop();
        InvitationSent event = Invitations.toNewContact(null);
        Invitations.publish(event);

        ConsumerRecord<String, String> dead = InvitationEmailTest.single(Invitations.awaitRecords(
                Topics.deadLetter("notification-service"), event.invitationId().toString(), 1, TIMEOUT));
        assertThat(dead.value(), equalTo(Invitations.json(event)));
        assertThat(Invitations.header(dead, "dead-letter-reason"), containsString("Connection refused"));
        asStaff().queryParam("invitationId", event.invitationId()).when().get("/deliveries")
                .then().body("[0].status", equalTo("FAILED"))
                .body("[0].attempts", equalTo(ATTEMPTS))
                .body("[0].lastError", containsString("Connection refused"));
        JsonNode failed = EventJson.mapper().readTree(InvitationEmailTest.single(Invitations.awaitRecords(
                Topics.INVITATION_EMAIL_FAILED, event.invitationId().toString(), 1, TIMEOUT)).value());
        assertThat(failed.get("attempts").asInt(), equalTo(ATTEMPTS));
        assertThat(failed.get("reason").asText(), containsString("Connection refused"));

        smtp = startedSmtp();
        InvitationSent next = Invitations.toNewContact(null);
        Invitations.publish(next);
        await().atMost(TIMEOUT).until(() -> receivedBy(next.recipient().email()).size() == 1);
        assertThat(receivedBy(event.recipient().email()), hasSize(0));
    }

    /** Retries of the SMTP call so far, from the Fault Tolerance metrics an operator would watch. */
    private static double retriesSoFar() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("ft_retry_retries_total{") && line.contains("MailGateway.send"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                Address[] to = message.getRecipients(Message.RecipientType.TO);
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static GreenMail startedSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        return server;
    }

    private static int port() {
        return JvmWidePort.named(PORT_PROPERTY);
    }
}
