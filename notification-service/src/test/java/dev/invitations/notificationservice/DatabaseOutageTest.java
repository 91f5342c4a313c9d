package dev.invitations.notificationservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.mail.MailReceipt;
import dev.invitations.localinfra.mail.Mailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped ({@code pg_ctl stop -m fast}) while a send is under way and while more InvitationSent arrive:
 * the consumer waits the outage out (before sending: the claim; after sending: the outcomes), then every email goes out
 * exactly once, none is dead-lettered, and consumption goes on.
 */
@QuarkusTest
class DatabaseOutageTest {

    static final int UNDER_WAY = 300;
    static final int DURING = 5;
    static final Duration OUTAGE = Duration.ofSeconds(20);
    static final Duration AFTER_AN_OUTAGE = Duration.ofSeconds(90);

    final Mailbox mailbox = LocalInfrastructureTestResource.mailbox();

    @Test
    void invitationsSentAroundADatabaseOutageAreMailedOnceEachAndNoneIsDeadLettered() throws Exception {
        UUID invitationId = UUID.randomUUID();
        String domain = "outage-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        List<InvitationSent> underWay = IntStream.range(0, UNDER_WAY).mapToObj(i -> toGroupMember(invitationId, domain, i)).toList();
        List<InvitationSent> during = IntStream.range(UNDER_WAY, UNDER_WAY + DURING).mapToObj(i -> toGroupMember(invitationId, domain, i)).toList();
        try (ConsumerTask<String, String> deadLetters = Invitations.consumeFromStart(Topics.deadLetter("notification-service"))) {
            Invitations.publishAll(underWay);
            mailbox.awaitMessagesTo(underWay.get(0).recipient().email(), 1, AFTER_AN_OUTAGE);
            LocalInfrastructureTestResource.duringDatabaseOutage(() -> {
                Invitations.publishAll(during);
                asStaff().when().get("/templates").then().statusCode(503).header("Retry-After", "5");
                // Longer than a claim's wait used to be before a batch was dead-lettered, shorter than a lease.
                Thread.sleep(OUTAGE.toMillis());
            });

            await().atMost(AFTER_AN_OUTAGE).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonPath summary = summary(invitationId);
                return summary.getInt("sent") + summary.getInt("failed") >= UNDER_WAY + DURING;
            });
            JsonPath summary = summary(invitationId);
            assertThat(summary.getInt("total"), equalTo(UNDER_WAY + DURING));
            assertThat(summary.getInt("sent"), equalTo(UNDER_WAY + DURING));

            InvitationSent afterwards = Invitations.toNewContact(null);
            Invitations.publish(afterwards);
            assertThat(mailbox.awaitMessagesTo(afterwards.recipient().email(), 1, AFTER_AN_OUTAGE), hasSize(1));

            Map<String, Long> mailsPerRecipient = mailbox.drain(domain).stream().map(MailReceipt::recipient)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            long mailedTwice = mailsPerRecipient.values().stream().filter(n -> n > 1).count();
            System.out.printf("[figure] database outage of %d s during a send: %d recipients, %d mailed, %d mailed more than once%n",
                    OUTAGE.toSeconds(), UNDER_WAY + DURING, mailsPerRecipient.size(), mailedTwice);
            assertThat("distinct recipients mailed", mailsPerRecipient.size(), equalTo(UNDER_WAY + DURING));
            assertThat("recipients mailed more than once", mailedTwice, equalTo(0L));
            Set<String> keys = Set.of(invitationId.toString(), afterwards.invitationId().toString());
            assertThat(deadLetters.getRecords().stream().filter(r -> keys.contains(r.key())).toList(), empty());
        }
        await().atMost(AFTER_AN_OUTAGE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private static InvitationSent toGroupMember(UUID invitationId, String domain, int i) {
        InvitationSent base = Invitations.toNewContact(null);
        return new InvitationSent(UUID.randomUUID(), invitationId, "Outage suppliers", InvitationType.GROUP,
                Invitations.encrypt(invitationId, "GROUP-OUTAGE"), null, base.sender(), null,
                new InvitationSent.Recipient(UUID.randomUUID(), "Contact " + i, "contact-" + i + "@" + domain, "en"), null, Instant.now());
    }

    private static JsonPath summary(UUID invitationId) {
        return asStaff().queryParam("invitationId", invitationId).when().get("/deliveries/summary")
                .then().statusCode(200).extract().jsonPath();
    }
}
