package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.ContactErased;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.testsupport.ContactErasedRecords;
import dev.invitations.testsupport.ServiceDatabase;
import dev.invitations.testsupport.WithKafkaCompanion;
import dev.invitations.workflowservice.erasure.ContactErasedConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ContactErased records on the real broker; the runs of the contact read back through the HTTP API. */
@QuarkusTest
@WithKafkaCompanion
class ContactErasureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(6);

    @RegisterExtension
    static final Webhook webhook = Webhook.perTestClass();

    private KafkaCompanion kafka;
    private Redemptions redemptions() {
        return new Redemptions(kafka);
    }

    @Test
    void theRunsOfAnErasedContactKeepOnlyItsIdAndLoseTheirOutput() {
        String workflow = "erasure-webhook-" + UUID.randomUUID();
        Workflows.register(workflow, Workflows.exampleCalling(webhook.url("/welcome"), workflow)).statusCode(201);
        InvitationRedeemed completed = Redemptions.of(workflow);
        InvitationRedeemed faulted = redemptionOfTheSameContact(completed, "no-such-workflow-" + UUID.randomUUID());
        InvitationRedeemed bystander = Redemptions.of(workflow);
        redemptions().publish(completed, faulted, bystander);
        String completedRun = WorkflowRunTest.awaitRun(completed.invitationId(), workflow, "COMPLETED").getString("id");
        String faultedRun = WorkflowRunTest.awaitRun(faulted.invitationId(), faulted.workflowId(), "FAULTED").getString("id");
        String bystanderRun = WorkflowRunTest.awaitRun(bystander.invitationId(), workflow, "COMPLETED").getString("id");

        ContactErasedRecords.publish(kafka, ContactErasedRecords.erasureOf(completed.contact().id()));

        await().atMost(DEADLINE).until(() -> run(completedRun).get("output") == null);
        JsonPath erased = run(completedRun);
        assertEquals("COMPLETED", erased.getString("status"));
        assertEquals(Map.of("id", completed.contact().id().toString()), erased.getMap("input.contact"));
        assertEquals(completed.invitationId().toString(), erased.getString("input.invitation.id"), "the rest of the input stays");
        JsonPath erasedFault = run(faultedRun);
        assertEquals(Map.of("id", completed.contact().id().toString()), erasedFault.getMap("input.contact"));
        assertTrue(erasedFault.getString("error").contains("does not exist"), "an error that does not name the contact stays");
        JsonPath kept = run(bystanderRun);
        assertEquals(bystander.contact().email(), kept.getString("input.contact.emailAddress"));
        assertTrue(kept.getBoolean("output.welcomed"));
    }

    /**
     * The engine holds the run's input in memory while it waits for the webhook, so the erasure ends the run FAULTED,
     * and the webhook's answer arriving afterwards must not write an output (or undo the erasure).
     */
    @Test
    void aRunUnderWayWhenItsContactIsErasedEndsFaultedAndItsLateResultIsDropped() throws InterruptedException {
        try (Webhook slow = new Webhook()) {
            slow.answerAfter(SLOW_ANSWER);
            String workflow = "erasure-slow-webhook-" + UUID.randomUUID();
            Workflows.register(workflow, Workflows.exampleCalling(slow.url("/welcome"), workflow)).statusCode(201);
            InvitationRedeemed redeemed = Redemptions.of(workflow);
            redemptions().publish(redeemed);
            String runId = WorkflowRunTest.awaitRun(redeemed.invitationId(), workflow, "RUNNING").getString("id");
            await().atMost(DEADLINE).until(() -> !slow.received(call -> call.path().equals("/welcome")).isEmpty());

            ContactErasedRecords.publish(kafka, ContactErasedRecords.erasureOf(redeemed.contact().id()));

            await().atMost(DEADLINE).until(() -> "FAULTED".equals(run(runId).getString("status")));
            JsonPath ended = run(runId);
            assertEquals(ContactErasedConsumer.ENDED_BY_ERASURE, ended.getString("error"));
            assertEquals(Map.of("id", redeemed.contact().id().toString()), ended.getMap("input.contact"));
            // The webhook answers SLOW_ANSWER after it was called; the engine's result is in by then, give or take a poll.
            Thread.sleep(SLOW_ANSWER.plusSeconds(2).toMillis());
            JsonPath after = run(runId);
            assertEquals("FAULTED", after.getString("status"), "the late result does not complete the run");
            assertNull(after.get("output"), "nor write the output a workflow may have made of the erased input");
            assertEquals(Map.of("id", redeemed.contact().id().toString()), after.getMap("input.contact"));
        }
    }

    @Test
    void theSameErasureTwiceIsHandledOnceAndAnUnknownContactsIsHarmless() {
        UUID unknown = UUID.randomUUID();
        ContactErased erasure = ContactErasedRecords.erasureOf(unknown);

        ContactErasedRecords.publish(kafka, erasure, erasure);

        await().atMost(DEADLINE).until(() -> erased(unknown));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> ServiceDatabase.count(
                "select count(*) from processed_event where event_id = ? and event_type = ?", erasure.eventId(),
                EventTypes.CONTACT_ERASED) == 1);
        assertEquals(0, asStaff().queryParam("contactId", unknown).get("/workflow-runs").then().statusCode(200)
                .extract().jsonPath().getList("$").size());
    }

    @Test
    void aRedemptionArrivingAfterTheErasureRecordsNoRun() {
        String missing = "no-such-workflow-" + UUID.randomUUID();
        UUID invitation = UUID.randomUUID();
        InvitationRedeemed late = Redemptions.of(invitation, missing);
        InvitationRedeemed other = Redemptions.of(invitation, missing);
        ContactErasedRecords.publish(kafka, ContactErasedRecords.erasureOf(late.contact().id()));
        await().atMost(DEADLINE).until(() -> erased(late.contact().id()));

        // One key, one partition: once the other contact's run is recorded, the erased one's redemption was handled.
        redemptions().publish(late, other);

        WorkflowRunTest.awaitRun(invitation, missing, "FAULTED");
        assertEquals(1, asStaff().queryParam("invitationId", invitation).get("/workflow-runs").then().statusCode(200)
                .extract().jsonPath().getList("$").size());
        assertFalse(asStaff().queryParam("contactId", late.contact().id()).get("/workflow-runs").then()
                .extract().jsonPath().getList("$").iterator().hasNext(), "no run of the erased contact");
    }

    private static InvitationRedeemed redemptionOfTheSameContact(InvitationRedeemed first, String workflowId) {
        InvitationRedeemed another = Redemptions.of(workflowId);
        return new InvitationRedeemed(another.eventId(), another.invitationId(), another.invitationName(), another.type(),
                first.contact(), another.accountId(), another.webRoleIds(), workflowId, 1, 10, another.redeemedAt());
    }

    private static JsonPath run(String id) {
        return asStaff().get("/workflow-runs/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private static boolean erased(UUID contact) {
        return ServiceDatabase.count("select count(*) from erased_contact where contact_id = ?", contact) == 1;
    }
}
