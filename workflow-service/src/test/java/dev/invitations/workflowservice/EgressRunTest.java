package dev.invitations.workflowservice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the egress policy does while a run executes (the test allow-list is 127.0.0.1, any port): destinations that
 * only exist at run time, redirects and oversized answers fail the run with the reason, and nothing of a refused
 * answer reaches the output. The forbidden addresses are refused before any connection: the tests never reach them.
 */
@QuarkusTest
@WithKafkaCompanion
class EgressRunTest {

    @RegisterExtension
    static final Webhook webhook = Webhook.perTestClass();

    KafkaCompanion kafka;

    @ConfigProperty(name = "workflow.egress.max-response-bytes")
    long maxResponseBytes;

    private Redemptions redemptions() {
        return new Redemptions(kafka);
    }

    @Test
    void aForbiddenUriBuiltAtRunTimeFailsTheRun() {
        String id = WorkflowRegistrationTest.uniqueId("runtime-uri");
        String document = """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                do:
                  - fetchMetadata:
                      call: http
                      with:
                        method: get
                        endpoint: ${ "http://169.254.169.254/latest/meta-data/" + .contact.id }
                """.formatted(id);
        Workflows.register(id, document).statusCode(201);
        InvitationRedeemed event = Redemptions.of(id);

        redemptions().publish(event);

        JsonPath run = WorkflowRunTest.awaitRun(event.invitationId(), id, "FAULTED");
        String error = run.getString("error");
        assertTrue(error.startsWith("Egress refused at do/0/fetchMetadata: request to http://169.254.169.254/latest/meta-data/"), error);
        assertTrue(error.contains("http://169.254.169.254/latest/meta-data/") && error.contains("link-local"), error);
        assertTrue(!error.contains("connect time"), "refused before connecting: " + error);
        assertNull(run.get("output"));
    }

    @Test
    void aRedirectToAForbiddenAddressFailsTheRunAndIsNotFollowed() {
        String id = WorkflowRegistrationTest.uniqueId("redirect");
        webhook.redirectOn("/hop", "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        Workflows.register(id, Workflows.exampleCalling(webhook.url("/hop"), id)).statusCode(201);
        InvitationRedeemed event = Redemptions.of(id);

        redemptions().publish(event);

        JsonPath run = WorkflowRunTest.awaitRun(event.invitationId(), id, "FAULTED");
        String error = run.getString("error");
        assertTrue(error.contains("Egress refused") && error.contains("redirect from " + webhook.url("/hop")
                + " to http://169.254.169.254/latest/meta-data/iam/security-credentials/ refused") && error.contains("link-local"), error);
        assertEquals(1, webhook.received(r -> r.path().equals("/hop") && r.body() != null
                && event.contact().id().toString().equals(r.body().path("contact").path("id").asText())).size(),
                "one call, not retried: the policy does not change between retries");
        assertNull(run.get("output"));
    }

    @Test
    void aRedirectToAnAllowedAddressIsNotFollowedEither() {
        String id = WorkflowRegistrationTest.uniqueId("redirect-allowed");
        webhook.redirectOn("/moved", webhook.url("/elsewhere"));
        Workflows.register(id, Workflows.exampleCalling(webhook.url("/moved"), id)).statusCode(201);
        InvitationRedeemed event = Redemptions.of(id);

        redemptions().publish(event);

        JsonPath run = WorkflowRunTest.awaitRun(event.invitationId(), id, "FAULTED");
        assertTrue(run.getString("error").contains("communication error 302"), run.getString("error"));
        assertTrue(webhook.received(r -> r.path().equals("/elsewhere")).isEmpty());
    }

    @Test
    void anAnswerLargerThanTheLimitFailsTheRunWhetherItsLengthIsDeclaredOrNot() {
        for (boolean declared : new boolean[]{true, false}) {
            String path = "/large-" + declared;
            webhook.answerLargeOn(path, (int) maxResponseBytes * 4, declared);
            String id = WorkflowRegistrationTest.uniqueId("large");
            Workflows.register(id, Workflows.exampleCalling(webhook.url(path), id)).statusCode(201);
            InvitationRedeemed event = Redemptions.of(id);

            redemptions().publish(event);

            JsonPath run = WorkflowRunTest.awaitRun(event.invitationId(), id, "FAULTED");
            String error = run.getString("error");
            assertTrue(error.contains("Response too large") && error.contains("larger than " + maxResponseBytes + " bytes"),
                    "declared " + declared + ": " + error);
            // A declared length is refused on the answer's head; a chunked answer is cut off on the connection as it arrives.
            assertTrue(error.contains(declared ? "its declared length is" : "cut off while arriving"), error);
            assertNull(run.get("output"));
        }
    }

    /** Were the body awaited, the run would wait for bytes that never come, until the read timeout. */
    @Test
    void anAnswerDeclaringALengthOverTheLimitIsRefusedOnItsHeadWithoutWaitingForItsBody() {
        long declared = maxResponseBytes * 100;
        try (SilentEndpoint endpoint = SilentEndpoint.answeringOnlyAHeadDeclaring(declared)) {
            String id = WorkflowRegistrationTest.uniqueId("large-head");
            Workflows.register(id, Workflows.exampleCalling("http://127.0.0.1:" + endpoint.port() + "/large-head", id)).statusCode(201);
            InvitationRedeemed event = Redemptions.of(id);

            redemptions().publish(event);

            JsonPath run = WorkflowRunTest.awaitRun(event.invitationId(), id, "FAULTED");
            String error = run.getString("error");
            assertTrue(error.contains("Response too large") && error.contains("its declared length is " + declared + " bytes"), error);
            assertNull(run.get("output"));
            await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.connectionsClosedByClient() == 1);
        }
    }
}
