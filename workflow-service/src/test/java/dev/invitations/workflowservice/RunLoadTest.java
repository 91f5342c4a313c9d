package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A bounded burst: {@value #RUNS} redemptions of a workflow whose endpoint takes {@value #ENDPOINT_MILLIS} ms. Runs
 * must overlap (the consumer does not wait for them) but never exceed the configured number in flight.
 */
@QuarkusTest
@WithKafkaCompanion
class RunLoadTest {

    private static final int RUNS = 120;
    /** Long enough that runs pile up even when a loaded machine records only a few redemptions a second. */
    private static final long ENDPOINT_MILLIS = 500;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    KafkaCompanion kafka;

    @ConfigProperty(name = "workflow.runs.max-in-flight")
    int maxInFlight;

    @Test
    void manyRunsGoOnAtOnceButNeverMoreThanTheConfiguredMaximum() {
        try (Webhook webhook = new Webhook()) {
            webhook.answerAfter(Duration.ofMillis(ENDPOINT_MILLIS));
            String id = WorkflowRegistrationTest.uniqueId("load");
            Workflows.register(id, Workflows.exampleCalling(webhook.url("/load"), id)).statusCode(201);
            UUID invitationId = UUID.randomUUID();
            InvitationRedeemed[] burst = IntStream.range(0, RUNS).mapToObj(i -> Redemptions.of(invitationId, id))
                    .toArray(InvitationRedeemed[]::new);
            // One warm-up run first, so the measured time is the runs' and not the consumer group forming.
            Redemptions redemptions = new Redemptions(kafka);
            InvitationRedeemed warmUp = Redemptions.of(id);
            redemptions.publish(warmUp);
            WorkflowRunTest.awaitRun(warmUp.invitationId(), id, "COMPLETED");
            webhook.resetMostInFlight();

            long started = System.nanoTime();
            redemptions.publish(burst);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).until(() -> completed(invitationId) == RUNS);
            double seconds = (System.nanoTime() - started) / 1e9;

            Log.infof("%d runs of %d ms each completed in %.2f s: %.1f runs/s, at most %d in flight (limit %d)",
                    RUNS, ENDPOINT_MILLIS, seconds, RUNS / seconds, webhook.mostInFlight(), maxInFlight);
            assertTrue(webhook.mostInFlight() > 1, "runs overlapped");
            assertTrue(webhook.mostInFlight() <= maxInFlight, "at most " + maxInFlight + " in flight, saw " + webhook.mostInFlight());
            assertEquals(RUNS, webhook.received(r -> r.path().equals("/load")).size() - 1, "one call per run");
        }
    }

    private static int completed(UUID invitationId) {
        return asStaff().queryParam("invitationId", invitationId).queryParam("status", "COMPLETED").queryParam("limit", 500)
                .get("/workflow-runs").then().statusCode(200).extract().jsonPath().getList("$").size();
    }
}
