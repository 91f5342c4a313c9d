package dev.invitations.workflowservice;

import dev.invitations.testsupport.DocumentedMetrics;
import dev.invitations.testsupport.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** docs/metrics.md cannot drift: what it lists for workflow-service is served at /q/metrics once runs ended. */
@QuarkusTest
class MetricsDocumentationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyDocumentedMetricIsExposedAfterARunCompletesAndOneFaults() {
        UUID invitationId = UUID.randomUUID();
        String unknown = WorkflowRegistrationTest.uniqueId("metrics-unknown");
        try (Webhook webhook = new Webhook(); KafkaCompanion kafka = TestKafka.companion(bootstrapServers)) {
            String registered = WorkflowRegistrationTest.uniqueId("metrics");
            Workflows.register(registered, Workflows.exampleCalling(webhook.url("/metrics"), registered)).statusCode(201);
            Redemptions redemptions = new Redemptions(kafka);
            redemptions.publish(Redemptions.of(invitationId, registered));
            redemptions.publish(Redemptions.of(invitationId, unknown));
            WorkflowRunTest.awaitRun(invitationId, registered, "COMPLETED");
            WorkflowRunTest.awaitRun(invitationId, unknown, "FAULTED");

            DocumentedMetrics.assertAllExposed("workflow-service", true, Duration.ofSeconds(60));
        }
    }
}
