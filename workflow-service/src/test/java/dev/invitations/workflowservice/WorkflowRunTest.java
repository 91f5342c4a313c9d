package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redemptions on the real broker start runs that call a real HTTP endpoint; their records tell what happened. */
@QuarkusTest
@WithKafkaCompanion
class WorkflowRunTest {

    /** The first records wait for the consumer group to form; later ones take well under a second. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    @RegisterExtension
    static final Webhook webhook = Webhook.perTestClass();

    @ConfigProperty(name = "workflow.secrets.welcomeWebhook.token")
    String webhookToken;

    private KafkaCompanion kafka;
    private Redemptions redemptions() {
        return new Redemptions(kafka);
    }

    @Test
    void registeredWorkflowRunsOnRedemptionAndTheEndpointReceivesTheContact() {
        String id = "welcome-webhook";
        Workflows.register(id, Workflows.example().replace("https://hooks.example.com/portal/welcome", webhook.url("/welcome")))
                .statusCode(201);
        InvitationRedeemed event = Redemptions.of(id);

        redemptions().publish(event);

        JsonPath run = awaitRun(event.invitationId(), id, "COMPLETED");
        assertEquals(event.contact().id().toString(), run.getString("contactId"));
        assertEquals(1, run.getInt("workflowVersion"));
        assertEquals(true, run.getBoolean("output.welcomed"));
        assertEquals(event.contact().id().toString(), run.getString("output.contactId"));
        assertEquals(true, run.getBoolean("output.webhookResponse.received"));

        List<Webhook.Received> calls = callsFor(event);
        assertEquals(1, calls.size());
        Webhook.Received call = calls.get(0);
        assertEquals(Map.of("id", event.contact().id().toString(), "fullName", "Ada Lovelace", "emailAddress", event.contact().email()),
                Map.of("id", call.body().path("contact").path("id").asText(),
                        "fullName", call.body().path("contact").path("fullName").asText(),
                        "emailAddress", call.body().path("contact").path("emailAddress").asText()));
        assertEquals(event.invitationId().toString(), call.body().path("invitationId").asText());
        assertEquals("Bearer " + webhookToken, call.authorization());
        assertEquals(run.getString("id"), call.idempotencyKey());
    }

    @Test
    void redeliveredEventStartsNoSecondRun() {
        String id = registerExample("redelivery", "/redelivery");
        InvitationRedeemed event = Redemptions.of(id);

        redemptions().publish(event, event);
        awaitRun(event.invitationId(), id, "COMPLETED");
        publishMarkerAfter(event);

        asStaff().queryParam("invitationId", event.invitationId()).queryParam("workflowId", id).get("/workflow-runs").then()
                .statusCode(200)
                .body("$", hasSize(1));
        assertEquals(1, callsFor(event).size());
    }

    @Test
    void failingEndpointFaultsTheRunAndRetryCompletesIt() {
        String id = registerExample("flaky", "/flaky");
        webhook.failOn("/flaky", 503);
        InvitationRedeemed event = Redemptions.of(id);

        redemptions().publish(event);
        JsonPath faulted = awaitRun(event.invitationId(), id, "FAULTED");
        assertTrue(faulted.getString("error").contains("communication error 503"), faulted.getString("error"));
        assertEquals(3, callsFor(event).size(), "the first call and the workflow's own two retries");

        webhook.heal("/flaky");
        asStaff().post("/workflow-runs/{id}/retry", faulted.getString("id")).then()
                .statusCode(202)
                .body("status", equalTo("RUNNING"))
                .body("error", nullValue());

        JsonPath completed = awaitRun(event.invitationId(), id, "COMPLETED");
        assertEquals(faulted.getString("id"), completed.getString("id"));
        assertEquals(2, completed.getInt("attempt"));
        assertEquals(4, callsFor(event).size());
    }

    @Test
    void unreachableEndpointIsRetriedByTheWorkflowAndThenFaulted() {
        String id = WorkflowRegistrationTest.uniqueId("unreachable");
        Workflows.register(id, Workflows.exampleCalling("http://127.0.0.1:9/nobody-listens", id)).statusCode(201);
        InvitationRedeemed event = Redemptions.of(id);

        redemptions().publish(event);

        JsonPath faulted = awaitRun(event.invitationId(), id, "FAULTED");
        assertTrue(faulted.getString("error").contains("Endpoint unreachable"), faulted.getString("error"));
    }

    @Test
    void unknownWorkflowIsRecordedFaultedWithTheReason() {
        InvitationRedeemed event = Redemptions.of("no-such-workflow");

        redemptions().publish(event);

        JsonPath run = awaitRun(event.invitationId(), "no-such-workflow", "FAULTED");
        assertEquals("Workflow no-such-workflow does not exist", run.getString("error"));
        assertEquals(event.contact().id().toString(), run.getString("input.contact.id"));
    }

    @Test
    void inactiveWorkflowIsRecordedFaultedWithTheReasonAndCannotBeRetriedUntilActivated() {
        String id = registerExample("inactive", "/inactive");
        asStaff().post("/workflows/{id}/deactivate", id).then().statusCode(200);
        InvitationRedeemed event = Redemptions.of(id);

        redemptions().publish(event);

        JsonPath run = awaitRun(event.invitationId(), id, "FAULTED");
        assertEquals("Workflow " + id + " is inactive", run.getString("error"));
        assertTrue(callsFor(event).isEmpty());
        asStaff().post("/workflow-runs/{id}/retry", run.getString("id")).then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("type", equalTo("urn:portal-invitations:problem:workflow-inactive"))
                .body("detail", containsString("inactive"));

        asStaff().post("/workflows/{id}/activate", id).then().statusCode(200);
        asStaff().post("/workflow-runs/{id}/retry", run.getString("id")).then().statusCode(202);
        awaitRun(event.invitationId(), id, "COMPLETED");
    }

    @Test
    void redemptionWithoutWorkflowStartsNoRun() {
        InvitationRedeemed event = Redemptions.of(null);

        redemptions().publish(event);
        publishMarkerAfter(event);

        asStaff().queryParam("invitationId", event.invitationId()).get("/workflow-runs").then()
                .statusCode(200)
                .body("workflowId", equalTo(List.of(markerWorkflow(event))));
    }

    @Test
    void malformedEventGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String key = UUID.randomUUID().toString();
        try (ConsumerTask<String, String> deadLetters = kafka.consumeStrings().fromTopics(Topics.deadLetter("workflow-service"))) {
            redemptions().publishRaw(key, "{this is not json");
            InvitationRedeemed named = Redemptions.of(UUID.fromString(key), "no-such-workflow");
            InvitationRedeemed withoutContact = new InvitationRedeemed(named.eventId(), named.invitationId(), named.invitationName(),
                    named.type(), null, null, null, null, 1, 1, named.redeemedAt());
            InvitationRedeemed longWorkflowId = Redemptions.of(UUID.fromString(key), "w".repeat(129));
            redemptions().publish(withoutContact, longWorkflowId);
            InvitationRedeemed next = Redemptions.of(UUID.fromString(key), "no-such-workflow");
            redemptions().publish(next);

            await().atMost(DEADLINE).until(() -> deadLetters.getRecords().stream().filter(r -> key.equals(r.key())).count() == 3);
            List<ConsumerRecord<String, String>> dead = deadLetters.getRecords().stream().filter(r -> key.equals(r.key())).toList();
            assertEquals("{this is not json", dead.get(0).value());
            assertThat(reason(dead.get(1)), containsString("contact must not be null"));
            assertThat(reason(dead.get(2)), containsString("workflowId longer than 128 characters"));
            awaitRun(next.invitationId(), "no-such-workflow", "FAULTED");
        }
    }

    private static String reason(ConsumerRecord<String, String> deadLetter) {
        return new String(deadLetter.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }

    @Test
    void retryOfARunThatIsNotFaultedIsAConflict() {
        String id = registerExample("done", "/done");
        InvitationRedeemed event = Redemptions.of(id);
        redemptions().publish(event);
        JsonPath completed = awaitRun(event.invitationId(), id, "COMPLETED");

        asStaff().post("/workflow-runs/{id}/retry", completed.getString("id")).then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("type", equalTo("urn:portal-invitations:problem:run-not-faulted"))
                .body("detail", containsString("COMPLETED"));
        asStaff().get("/workflow-runs/{id}", completed.getString("id")).then().body("status", equalTo("COMPLETED"));
    }

    @Test
    void unknownOrMalformedRunIdsAreRefused() {
        asStaff().get("/workflow-runs/{id}", UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);
        asStaff().post("/workflow-runs/{id}/retry", UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);
        asStaff().get("/workflow-runs/{id}", "not-a-uuid").then().statusCode(400).body("errors[0].field", equalTo("id"));
        asStaff().queryParam("contactId", "nope").get("/workflow-runs").then().statusCode(400).body("errors[0].field", equalTo("contactId"));
        asStaff().queryParam("status", "SLEEPING").get("/workflow-runs").then().statusCode(400).body("errors[0].field", equalTo("status"));
        asStaff().queryParam("limit", 0).get("/workflow-runs").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    private String registerExample(String prefix, String path) {
        String id = WorkflowRegistrationTest.uniqueId(prefix);
        Workflows.register(id, Workflows.exampleCalling(webhook.url(path), id)).statusCode(201);
        return id;
    }

    /**
     * Publishes a redemption of an unknown workflow with the same key, so on the same partition, after {@code event},
     * and waits for its run: once it is recorded, {@code event} and everything before it has been handled.
     */
    private void publishMarkerAfter(InvitationRedeemed event) {
        InvitationRedeemed marker = Redemptions.of(event.invitationId(), markerWorkflow(event));
        redemptions().publish(marker);
        awaitRun(event.invitationId(), markerWorkflow(event), "FAULTED");
    }

    private static String markerWorkflow(InvitationRedeemed event) {
        return "marker-" + event.eventId();
    }

    private static List<Webhook.Received> callsFor(InvitationRedeemed event) {
        return webhook.received(r -> r.body() != null && event.contact().id().toString().equals(r.body().path("contact").path("id").asText()));
    }

    static JsonPath awaitRun(UUID invitationId, String workflowId, String status) {
        return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Map<String, Object>> runs = asStaff().queryParam("invitationId", invitationId).queryParam("workflowId", workflowId)
                    .queryParam("status", status).get("/workflow-runs").then().statusCode(200).extract().jsonPath().getList("$");
            return runs.isEmpty() ? null : asStaff().get("/workflow-runs/{id}", runs.get(0).get("id")).then().statusCode(200).extract().jsonPath();
        }, Objects::nonNull);
    }
}
