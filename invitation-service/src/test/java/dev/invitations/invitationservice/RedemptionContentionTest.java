package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.invitationservice.Api.uniqueEmail;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Redeemers racing for the same invitation, against the real PostgreSQL: the database's conditional update and
 * unique key must let exactly the allowed number through. Bounded: a fixed pool of threads and a deadline.
 */
@QuarkusTest
@WithKafkaCompanion
class RedemptionContentionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    KafkaCompanion kafka;

    @TestHTTPResource("/invitations/redeem")
    URI redeemUri;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoSimultaneousRedeemersOfASingleInvitationGetOneSuccessAndOneConflict() throws Exception {
        UUID contact = newContact("Twin Racer");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        Api.Redemption redemption = Api.redeemAs(invitation.code(), contact);

        List<Integer> statuses = race(2, 2, i -> redemption);

        assertEquals(List.of(200, 409), statuses.stream().sorted().toList());
        getInvitation(invitation.id()).body("redemptionCount", equalTo(1));
    }

    @Test
    void groupStopsExactlyAtMaximumUnderContention() throws Exception {
        Map<String, Object> definition = groupInvitation(List.of(newContact("Crowd Organizer")));
        definition.put("maxRedemptions", 50);
        Api.Invitation invitation = newInvitation(definition);
        String run = UUID.randomUUID().toString();

        try (TopicRecords redeemed = TopicRecords.of(kafka, Topics.INVITATION_REDEEMED, invitation.id())) {
            long started = System.nanoTime();
            List<Api.Redemption> registrants = IntStream.range(0, 500)
                    .mapToObj(i -> Api.redeemAsRegistrant(invitation.code(), "Registrant " + i, "registrant-" + i + "-" + run + "@example.org"))
                    .toList();
            List<Integer> statuses = race(500, 64, registrants::get);
            System.out.printf("CONTENTION 500 registrants (64 threads) on a GROUP invitation with maximum 50: all answered in %.2f s%n",
                    (System.nanoTime() - started) / 1e9);

            Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            assertEquals(Map.of(200, 50L, 409, 450L), byStatus);
            getInvitation(invitation.id())
                    .body("redemptionCount", equalTo(50))
                    .body("redeemedContacts.size()", equalTo(50));

            List<ConsumerRecord<String, String>> records = redeemed.exactly(50);
            Set<Integer> counts = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                InvitationRedeemed event = EventJson.mapper().readValue(record.value(), InvitationRedeemed.class);
                counts.add(event.redemptionCount());
                assertEquals(50, event.maxRedemptions());
            }
            assertEquals(50, counts.size(), "each success saw its own count, 1 to 50");
            assertTrue(counts.stream().allMatch(c -> c >= 1 && c <= 50));
        }
    }

    @Test
    void knownContactsRacingForAGroupInvitationGetExactlyItsMaximum() throws Exception {
        List<UUID> contacts = IntStream.range(0, 40).mapToObj(i -> newContact("Known Racer " + i)).toList();
        Map<String, Object> definition = groupInvitation(List.of(contacts.get(0)));
        definition.put("maxRedemptions", 7);
        Api.Invitation invitation = newInvitation(definition);
        List<Api.Redemption> redemptions = contacts.stream().map(contact -> Api.redeemAs(invitation.code(), contact)).toList();

        List<Integer> statuses = race(40, 40, redemptions::get);

        assertEquals(Map.of(200, 7L, 409, 33L), statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        getInvitation(invitation.id())
                .body("redemptionCount", equalTo(7))
                .body("redeemedContacts.size()", equalTo(7));
    }

    /** A double (or twentyfold) submit: the contact's redemption is recorded, and its login linked, once. */
    @Test
    void sameContactRedeemingAGroupInvitationManyTimesAtOnceRedeemsOnce() throws Exception {
        UUID contact = newContact("Eager Clicker");
        Map<String, Object> definition = groupInvitation(List.of(contact));
        definition.put("maxRedemptions", 10);
        Api.Invitation invitation = newInvitation(definition);
        Api.Redemption redemption = Api.redeemAs(invitation.code(), contact);

        List<Integer> statuses = race(20, 20, i -> redemption);

        assertEquals(Map.of(200, 1L, 409, 19L), statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(1));
        asStaff().get("/contacts/{id}", contact).then().body("identities.size()", equalTo(1));
    }

    /** A registrant submitting many times at once becomes one contact, redeeming once. */
    @Test
    void sameRegistrantRedeemingManyTimesAtOnceBecomesOneContact() throws Exception {
        Map<String, Object> definition = groupInvitation(List.of(newContact("Group Host")));
        definition.put("maxRedemptions", 10);
        Api.Invitation invitation = newInvitation(definition);
        String email = uniqueEmail("hasty.registrant");
        Api.Redemption redemption = Api.redeemAsRegistrant(invitation.code(), "Hasty Registrant", email);

        List<Integer> statuses = race(20, 20, i -> redemption);

        assertEquals(Map.of(200, 1L, 409, 19L), statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        getInvitation(invitation.id()).body("redemptionCount", equalTo(1));
        asStaff().queryParam("email", email).get("/contacts").then().body("total", equalTo(1));
    }

    /** Fires {@code redeemers} redemptions from {@code threads} threads released at once; returns the HTTP statuses. */
    private List<Integer> race(int redeemers, int threads, IntFunction<Api.Redemption> redemption) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < redeemers; i++) {
                Api.Redemption call = redemption.apply(i);
                HttpRequest request = HttpRequest.newBuilder(redeemUri)
                        .timeout(DEADLINE)
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + call.token())
                        .POST(HttpRequest.BodyPublishers.ofString(json(call.body())))
                        .build();
                calls.add(() -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                });
            }
            List<Future<Integer>> futures = new ArrayList<>();
            calls.forEach(call -> futures.add(pool.submit(call)));
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            for (Future<Integer> future : futures) {
                statuses.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String json(Map<String, Object> body) {
        try {
            return EventJson.mapper().writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
