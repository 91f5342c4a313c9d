package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Redemptions published back to back, so that one poll takes them together: what each of them leads to. */
@QuarkusTest
@WithKafkaCompanion
class RedemptionBatchTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String GROUP = "workflow-service";

    private KafkaCompanion kafka;
    private Redemptions redemptions() {
        return new Redemptions(kafka);
    }

    @Test
    void aBatchRecordsOneRunPerRedemptionNamingAWorkflowOnceEachAndDeadLettersOnlyTheMalformed() {
        UUID invitationId = UUID.randomUUID();
        String unknown = WorkflowRegistrationTest.uniqueId("unknown");
        try (Webhook webhook = new Webhook();
                ConsumerTask<String, String> deadLetters = kafka.consumeStrings().fromTopics(Topics.deadLetter(GROUP))) {
            String registered = WorkflowRegistrationTest.uniqueId("batch");
            Workflows.register(registered, Workflows.exampleCalling(webhook.url("/batch"), registered)).statusCode(201);
            InvitationRedeemed ofUnknown = Redemptions.of(invitationId, unknown);
            InvitationRedeemed withoutWorkflow = Redemptions.of(invitationId, null);
            InvitationRedeemed ofRegistered = Redemptions.of(invitationId, registered);
            String unreadable = "{this is not json";
            String withoutContact = Redemptions.json(new InvitationRedeemed(UUID.randomUUID(), invitationId, "Partner portal",
                    ofUnknown.type(), null, null, List.of(), registered, 1, 10, ofUnknown.redeemedAt()));

            redemptions().publishTogether(invitationId.toString(), List.of(Redemptions.json(ofUnknown), Redemptions.json(withoutWorkflow),
                    unreadable, Redemptions.json(ofUnknown), withoutContact, Redemptions.json(ofRegistered)));

            WorkflowRunTest.awaitRun(invitationId, registered, "COMPLETED");
            WorkflowRunTest.awaitRun(invitationId, unknown, "FAULTED");
            await().atMost(DEADLINE).until(() -> deadLettersOf(deadLetters, invitationId).size() == 2);
            assertEquals(List.of(unreadable, withoutContact), deadLettersOf(deadLetters, invitationId).stream().map(ConsumerRecord::value).toList());
            List<Map<String, Object>> runs = asStaff().queryParam("invitationId", invitationId).get("/workflow-runs").then()
                    .statusCode(200).extract().jsonPath().getList("$");
            assertEquals(List.of(registered, unknown).stream().sorted().toList(),
                    runs.stream().map(run -> (String) run.get("workflowId")).sorted().toList(),
                    "one run per redemption naming a workflow, the duplicate and the one naming none without");
            assertEquals(1, webhook.received(r -> r.path().equals("/batch")).size());
        }
    }

    /**
     * Nothing happens for a redemption that names no workflow, so it needs no transaction: with PostgreSQL stopped, such
     * redemptions are still consumed and their offsets committed, where one naming a workflow would wait for the database.
     */
    @Test
    void redemptionsNamingNoWorkflowAreConsumedWithoutTheDatabase() throws Exception {
        UUID invitationId = UUID.randomUUID();
        LocalInfrastructureTestResource.duringDatabaseOutage(() -> {
            RecordMetadata last = redemptions().publishTogether(invitationId.toString(),
                    List.of(Redemptions.json(Redemptions.of(invitationId, null)), Redemptions.json(Redemptions.of(invitationId, " "))));
            TopicPartition partition = new TopicPartition(last.topic(), last.partition());
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
                OffsetAndMetadata committed = kafka.consumerGroups().offsets(GROUP, partition);
                return committed != null && committed.offset() > last.offset();
            });
        });
        // The database is back: a redemption naming a workflow is recorded again.
        InvitationRedeemed after = Redemptions.of(invitationId, "no-such-workflow");
        redemptions().publish(after);
        WorkflowRunTest.awaitRun(invitationId, "no-such-workflow", "FAULTED");
        // Ready again for the next test class: the JDBC pool's health check drops the connection the outage killed
        // (one check may still fail).
        await().atMost(DEADLINE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private static List<ConsumerRecord<String, String>> deadLettersOf(ConsumerTask<String, String> deadLetters, UUID invitationId) {
        return deadLetters.getRecords().stream().filter(r -> invitationId.toString().equals(r.key())).toList();
    }
}
