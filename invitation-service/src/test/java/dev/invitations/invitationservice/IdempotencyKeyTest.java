package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.Topics;
import dev.invitations.testsupport.TestTokens;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on create and send: a retry is answered, not carried out again, against the real PostgreSQL and Kafka. */
@QuarkusTest
@WithKafkaCompanion
class IdempotencyKeyTest {

    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final String OPERATOR = TestTokens.staff();

    KafkaCompanion kafka;

    @Test
    void createRetriedWithTheSameKeyAndBodyGetsTheFirstAnswerAndCreatesNoSecondInvitation() throws SQLException {
        UUID contact = newContact("Ida Idempotent");
        Map<String, Object> body = singleInvitation(contact);
        String key = UUID.randomUUID().toString();

        ExtractableResponse<Response> first = create(key, body).statusCode(201).extract();
        ExtractableResponse<Response> again = create(key, body).statusCode(201).header(REPLAYED, "true").extract();

        assertNull(first.header(REPLAYED));
        assertEquals(first.asString(), again.asString(), "the same body, the same invitation id and the code included");
        assertEquals(first.header("Location"), again.header("Location"));
        invitationsOf(contact).body("total", equalTo(1));
        String storedAnswer = storedAnswer(key);
        assertFalse(storedAnswer.contains(first.path("code")), "the stored answer holds the code in plaintext");
        assertFalse(storedAnswer.contains(first.path("id")), "the stored answer is readable");
    }

    @Test
    void theSameKeyWithAnotherBodyOrPathIsRefusedAndNothingIsStored() {
        UUID contact = newContact("Ken Key");
        UUID other = newContact("Olga Other");
        String key = UUID.randomUUID().toString();
        UUID created = UUID.fromString(create(key, singleInvitation(contact)).statusCode(201).extract().path("id"));

        create(key, singleInvitation(other)).statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:portal-invitations:problem:idempotency-key-reused"));
        send(key, created).statusCode(422).contentType("application/problem+json");

        invitationsOf(other).body("total", equalTo(0));
        Api.getInvitation(created).statusCode(200).body("invitedContacts[0].deliveryStatus", equalTo("NOT_SENT"));
    }

    @Test
    void sendRetriedWithTheSameKeyQueuesTheEmailsOnce() {
        UUID id = newInvitation(groupInvitation(List.of(newContact("Sam Send"), newContact("Sue Send")))).id();
        UUID bulk = newInvitation(singleInvitation(newContact("Bo Bulk"))).id();
        String key = UUID.randomUUID().toString();
        String bulkKey = UUID.randomUUID().toString();
        Map<String, Object> bulkBody = Map.of("invitationIds", List.of(bulk));

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, Set.of(id.toString(), bulk.toString()))) {
            String first = send(key, id).statusCode(202).extract().asString();
            String again = send(key, id).statusCode(202).header(REPLAYED, "true").extract().asString();
            String firstBulk = sendMany(bulkKey, bulkBody).statusCode(202).body("accepted", equalTo(1)).extract().asString();
            String bulkAgain = sendMany(bulkKey, bulkBody).statusCode(202).header(REPLAYED, "true").extract().asString();

            assertEquals(first, again);
            assertEquals(firstBulk, bulkAgain);
            sent.exactly(3);
        }
    }

    @Test
    void anEmptyOrOverlongKeyIsRefusedAndNothingIsCreated() {
        UUID contact = newContact("Mal Formed");

        for (String key : List.of("", "k".repeat(256))) {
            create(key, singleInvitation(contact)).statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(KEY));
        }
        invitationsOf(contact).body("total", equalTo(0));
        create("k".repeat(255), singleInvitation(contact)).statusCode(201);
    }

    @Test
    void aRefusedRequestLeavesItsKeyFreeForTheCorrectedOne() {
        UUID contact = newContact("Rita Retry");
        String key = UUID.randomUUID().toString();

        create(key, singleInvitation(UUID.randomUUID())).statusCode(400).body("errors[0].field", equalTo("invitedContactIds[0]"));
        create(key, singleInvitation(contact)).statusCode(201).header(REPLAYED, nullValue());

        invitationsOf(contact).body("total", equalTo(1));
    }

    @Test
    void concurrentRequestsWithOneKeyCreateExactlyOneInvitation() throws Exception {
        UUID contact = newContact("Cora Concurrent");
        Map<String, Object> body = singleInvitation(contact);
        String key = UUID.randomUUID().toString();
        int requests = 8;
        List<Callable<ExtractableResponse<Response>>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(() -> create(key, body).extract());
        }

        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<ExtractableResponse<Response>> answers = new ArrayList<>();
        try {
            for (Future<ExtractableResponse<Response>> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        invitationsOf(contact).body("total", equalTo(1));
        List<ExtractableResponse<Response>> created = answers.stream().filter(answer -> answer.statusCode() == 201).toList();
        assertFalse(created.isEmpty(), "one request was carried out");
        assertEquals(1, created.stream().map(answer -> answer.<String>path("id")).distinct().count(), "one invitation id");
        assertTrue(answers.stream().allMatch(answer -> answer.statusCode() == 201 || answer.statusCode() == 409),
                "the others get the first answer or 409 while it is in progress");
        answers.stream().filter(answer -> answer.statusCode() == 409)
                .forEach(answer -> assertEquals("application/problem+json", answer.contentType()));
    }

    @Test
    void aKeyIsItsCallersOnly() {
        UUID contact = newContact("Carl Caller");
        Map<String, Object> body = groupInvitation(List.of(contact));
        String key = UUID.randomUUID().toString();

        String first = create(key, body).statusCode(201).extract().path("id");
        String others = as(TestTokens.staff(), key).contentType(ContentType.JSON).body(body).post("/invitations").then()
                .statusCode(201).header(REPLAYED, nullValue()).extract().path("id");

        assertNotEquals(first, others);
        invitationsOf(contact).body("total", equalTo(2));
    }

    /** One login for the whole test class: a key is remembered per caller (a fresh token would be another caller). */
    private static RequestSpecification as(String token, String key) {
        return given().auth().oauth2(token).header(KEY, key);
    }

    private static ValidatableResponse create(String key, Map<String, Object> body) {
        return as(OPERATOR, key).contentType(ContentType.JSON).body(body).post("/invitations").then();
    }

    private static ValidatableResponse send(String key, UUID id) {
        return as(OPERATOR, key).post("/invitations/{id}/send", id).then();
    }

    private static ValidatableResponse sendMany(String key, Map<String, Object> body) {
        return as(OPERATOR, key).contentType(ContentType.JSON).body(body).post("/invitations/send").then();
    }

    private static ValidatableResponse invitationsOf(UUID contact) {
        return asStaff().queryParam("contactId", contact).get("/invitations").then().statusCode(200);
    }

    private static String storedAnswer(String key) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement query = db.prepareStatement("select response_body from idempotency_key where idempotency_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the key is stored");
                return row.getString(1);
            }
        }
    }
}
