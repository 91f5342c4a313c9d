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
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, fault-suite item 1 for workflow-service: PostgreSQL stopped ({@code pg_ctl stop -m fast}) while
 * redemptions that name a workflow arrive. Written against what an operator sees (the runs over HTTP, the endpoint's
 * calls, the dead-letter topic, readiness), not against how the consumer waits.
 */
@QuarkusTest
@WithKafkaCompanion
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** A consumer backing off may wait up to 30 s between attempts; the first one after the outage may come that late. */
    private static final Duration AFTER_AN_OUTAGE = Duration.ofSeconds(90);
    private static final int REDEMPTIONS = 5;

    KafkaCompanion kafka;

    @Test
    void redemptionsArrivingWhileTheDatabaseIsDownRunOnceWhenItIsBackAndNoneIsDeadLettered() throws Exception {
        Redemptions redemptions = new Redemptions(kafka);
        try (WebhookWorkflow workflow = new WebhookWorkflow("outage")) {
            redemptionsDuringAnOutage(kafka, redemptions, workflow);
        }
        // Ready again: the database check's pool drops the connections the outage killed (one check may still fail).
        await().atMost(AFTER_AN_OUTAGE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private static void redemptionsDuringAnOutage(KafkaCompanion kafka, Redemptions redemptions, WebhookWorkflow workflow)
            throws Exception {
        String workflowId = workflow.id();
        // Different invitations, so different keys: the redemptions spread over the topic's partitions.
        List<InvitationRedeemed> duringOutage = Stream.generate(() -> Redemptions.of(workflowId)).limit(REDEMPTIONS).toList();
        Set<String> keys = duringOutage.stream().map(event -> event.invitationId().toString()).collect(Collectors.toSet());

        try (ConsumerTask<String, String> deadLetters = kafka.consumeStrings().fromTopics(Topics.deadLetter("workflow-service"))) {
            LocalInfrastructureTestResource.duringDatabaseOutage(() -> {
                redemptions.publish(duringOutage.toArray(InvitationRedeemed[]::new));
                asStaff().queryParam("workflowId", workflowId).get("/workflow-runs")
                        .then().statusCode(503).header("Retry-After", "5");
                // Longer than any bounded retry that would end in the dead-letter topic.
                Thread.sleep(OUTAGE.toMillis());
            });

            for (InvitationRedeemed event : duringOutage) {
                await().atMost(AFTER_AN_OUTAGE).until(() -> statuses(event).equals(List.of("COMPLETED")));
            }
            InvitationRedeemed afterwards = Redemptions.of(workflowId);
            redemptions.publish(afterwards);
            await().atMost(AFTER_AN_OUTAGE).until(() -> statuses(afterwards).equals(List.of("COMPLETED")));

            for (InvitationRedeemed event : duringOutage) {
                assertEquals(List.of("COMPLETED"), statuses(event), "one run for " + event.eventId());
                assertEquals(1, workflow.callsFor(event), "the workflow called the endpoint once for " + event.contact().id());
            }
            assertEquals(List.of(), deadLetters.getRecords().stream().filter(record -> keys.contains(record.key())).toList(),
                    "nothing was dead-lettered");
        }
    }

    /** The statuses of the runs this redemption started, as the API lists them. */
    private static List<String> statuses(InvitationRedeemed event) {
        ExtractableResponse<Response> answer = asStaff().queryParam("invitationId", event.invitationId()).get("/workflow-runs")
                .then().extract();
        if (answer.statusCode() != 200) {
            return List.of("unanswered: " + answer.statusCode());
        }
        List<Map<String, Object>> runs = answer.jsonPath().getList("$");
        return runs.stream().map(run -> String.valueOf(run.get("status"))).toList();
    }
}
