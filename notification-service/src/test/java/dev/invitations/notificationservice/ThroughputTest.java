package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.InvitationType;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A group invitation sent to ten thousand contacts: every one gets exactly one email, and the rate is measured. */
@QuarkusTest
class ThroughputTest {

    static final int EMAILS = 10_000;
    static final Duration DEADLINE = Duration.ofMinutes(5);

    @Test
    void tenThousandInvitationsAreMailedWithoutLossOrDuplicates() throws Exception {
        UUID invitationId = UUID.randomUUID();
        String domain = "bulk-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        InvitationSent.Sender owner = new InvitationSent.Sender("Olivia Owner", "owner@portal.example");
        String encryptedCode = Invitations.encrypt(invitationId, "GROUP-CODE-1");
        List<InvitationSent> events = IntStream.range(0, EMAILS)
                .mapToObj(i -> new InvitationSent(UUID.randomUUID(), invitationId, "Suppliers", InvitationType.GROUP, encryptedCode,
                        null, owner, null, new InvitationSent.Recipient(UUID.randomUUID(), "Contact " + i, "contact-" + i + "@" + domain, "en"),
                        null, Instant.now()))
                .toList();

        long start = System.nanoTime();
        Invitations.publishAll(events);
        // Polled seldom: the poll competes for the same two cores as the service being measured.
        await().atMost(DEADLINE).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonPath summary = summary(invitationId);
                    return summary.getInt("sent") + summary.getInt("failed") >= EMAILS;
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("THROUGHPUT: %d invitation emails mailed in %.1f s: %.0f emails/s%n", EMAILS, seconds, EMAILS / seconds);

        JsonPath summary = summary(invitationId);
        assertThat(summary.getInt("total"), equalTo(EMAILS));
        assertThat(summary.getInt("sent"), equalTo(EMAILS));
        Map<String, Long> mailsPerRecipient = recipientsOfEveryMail().stream()
                .filter(address -> address.endsWith("@" + domain))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat("distinct recipients", mailsPerRecipient.size(), equalTo(EMAILS));
        assertThat("recipients mailed more than once", mailsPerRecipient.values().stream().filter(n -> n > 1).count(), equalTo(0L));
    }

    /**
     * The To addresses of every mail the SMTP server holds, from its HTTP inbox. Ten thousand mails take longer to list
     * than {@code Mailbox} waits for, so this asks with a deadline of its own.
     */
    private static List<String> recipientsOfEveryMail() throws Exception {
        URI messages = LocalInfrastructureTestResource.endpoints().mailboxHttpUrl().resolve("/api/messages");
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(messages).timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode(), equalTo(200));
        List<String> recipients = new ArrayList<>();
        try (InputStream body = response.body()) {
            for (JsonNode mail : EventJson.mapper().readTree(body)) {
                mail.get("to").forEach(address -> recipients.add(address.asText()));
            }
        }
        return recipients;
    }

    private static JsonPath summary(UUID invitationId) {
        return asStaff().queryParam("invitationId", invitationId).when().get("/deliveries/summary")
                .then().statusCode(200).extract().jsonPath();
    }
}
