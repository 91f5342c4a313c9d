package dev.invitations.workflowservice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run timeout stops a run's HTTP request in flight: the request to an endpoint that never answers is aborted and
 * its connection closed when the run times out, long before the request's own read timeout would end it.
 */
@QuarkusTest
@WithKafkaCompanion
@TestProfile(RunTimeoutTest.ShortRuns.class)
class RunTimeoutTest {

    /** A run timeout short enough to wait for, and a read timeout far beyond anything this test waits. */
    public static class ShortRuns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("workflow.runs.timeout", "2S", "workflow.http.read-timeout", "10M");
        }
    }

    /** Generous: the run timeout is 2 s; only a request left to its read timeout (10 min) would take longer. */
    private static final Duration CONNECTION_CLOSED_WITHIN = Duration.ofSeconds(30);

    KafkaCompanion kafka;

    private final SilentEndpoint endpoint = SilentEndpoint.answeringNothing();

    @AfterEach
    void stopEndpoint() {
        endpoint.close();
    }

    @Test
    void aRequestInFlightWhenTheRunTimesOutIsAbortedAndItsConnectionClosed() {
        String id = WorkflowRegistrationTest.uniqueId("times-out");
        String document = """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                do:
                  - waitForAnAnswer:
                      call: http
                      with:
                        method: get
                        endpoint: 'http://127.0.0.1:%d/never-answers'
                """.formatted(id, endpoint.port());
        Workflows.register(id, document).statusCode(201);
        InvitationRedeemed event = Redemptions.of(id);

        new Redemptions(kafka).publish(event);

        JsonPath run = WorkflowRunTest.awaitRun(event.invitationId(), id, "FAULTED");
        assertTrue(run.getString("error").contains("did not finish within PT2S and was cancelled"), run.getString("error"));
        assertNull(run.get("output"));
        assertTrue(endpoint.bytesReceived() > 0, "the request was sent before the run timed out");
        await().atMost(CONNECTION_CLOSED_WITHIN).until(() -> endpoint.connectionsClosedByClient() == 1);
    }
}
