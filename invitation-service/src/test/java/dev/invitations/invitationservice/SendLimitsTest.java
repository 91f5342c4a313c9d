package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.invitationservice.Api.sendMany;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.contract.Topics;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Sending's abuse limits: a cooldown before the same invitation is sent again, and a cap on emails per bulk send. */
@QuarkusTest
@WithKafkaCompanion
@TestProfile(LowAbuseLimits.class)
class SendLimitsTest {

    @Inject
    Pool database;

    KafkaCompanion kafka;

    @Test
    void sendingAgainWithinTheCooldownIsRefused429AndAcceptedAfterIt() {
        UUID id = newInvitation(singleInvitation(newContact("Cody Cooldown"))).id();
        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, id)) {
            send(id).statusCode(202);
            send(id).statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", Integer::parseInt, allOf(greaterThan(0), lessThanOrEqualTo(60)))
                    .body("status", equalTo(429))
                    .body("detail", containsString("sent less than 60 seconds ago"));
            sent.exactly(1);

            // The cooldown passes (the last send moved into the past rather than waited for).
            sentSecondsAgo(id, 61);
            send(id).statusCode(202);
            sent.exactly(2);
        }
    }

    @Test
    void ofTwoConcurrentSendsOfOneInvitationOnlyOneGoesOut() {
        UUID id = newInvitation(singleInvitation(newContact("Connie Concurrent"))).id();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, id)) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> send(id).extract().statusCode(), callers);
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> send(id).extract().statusCode(), callers);

            assertEquals(List.of(202, 429), Stream.of(first.join(), second.join()).sorted().toList());
            sent.exactly(1);
        } finally {
            callers.shutdown();
        }
    }

    @Test
    void aBulkSendListsTheInvitationsInTheirCooldownAsRejected() {
        UUID justSent = newInvitation(singleInvitation(newContact("Jay Just-Sent"))).id();
        UUID fresh = newInvitation(singleInvitation(newContact("Fran Fresh"))).id();
        send(justSent).statusCode(202);

        sendMany(List.of(justSent, fresh)).statusCode(202)
                .body("accepted", equalTo(1))
                .body("recipients", equalTo(1))
                .body("rejected.id", contains(justSent.toString()))
                .body("rejected[0].reason", containsString("sent less than 60 seconds ago"));
        getInvitation(fresh).body("status", equalTo("SENT"));
    }

    @Test
    void aBulkSendOverTheRecipientCapIsRefusedAndNothingIsSent() {
        List<UUID> first = IntStream.range(0, 3).mapToObj(i -> newContact("First Group " + i)).toList();
        List<UUID> second = IntStream.range(0, 3).mapToObj(i -> newContact("Second Group " + i)).toList();
        UUID one = newInvitation(groupInvitation(first)).id();
        UUID two = newInvitation(groupInvitation(second)).id();

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, Set.of(one.toString(), two.toString()))) {
            sendMany(List.of(one, two)).statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("invitationIds"))
                    .body("detail", allOf(containsString("6 recipients"),
                            containsString("at most " + LowAbuseLimits.RECIPIENTS_PER_REQUEST)));
            for (UUID id : List.of(one, two)) {
                getInvitation(id).body("status", equalTo("CREATED"))
                        .body("lastSentAt", nullValue())
                        .body("invitedContacts.deliveryStatus", everyItem(equalTo("NOT_SENT")));
            }
            sent.exactly(0);

            sendMany(List.of(one)).statusCode(202).body("accepted", equalTo(1)).body("recipients", equalTo(3));
            sent.exactly(3);
        }
    }

    private void sentSecondsAgo(UUID id, int seconds) {
        database.preparedQuery("update invitation set last_sent_at = last_sent_at - make_interval(secs => $2) where id = $1")
                .execute(Tuple.of(id, (double) seconds)).await().indefinitely();
    }
}
