package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Registration under a production-like allow-list: a document that names a destination the policy refuses is 400,
 * naming the task and the reason, and nothing is stored. No request is sent anywhere: the addresses are only parsed.
 */
@QuarkusTest
@WithKafkaCompanion
@TestProfile(ProductionEgress.class)
class EgressRegistrationTest {

    private static final String PROBLEM = "application/problem+json";

    KafkaCompanion kafka;

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8084/workflows", "http://10.0.0.1/admin",
            "http://[::1]:8081/contacts", "http://[::ffff:127.0.0.1]:8082/accounts", "file:///etc/passwd"})
    void aLiteralForbiddenDestinationIsRefusedNamingWhere(String endpoint) {
        String id = WorkflowRegistrationTest.uniqueId("egress");
        String document = """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                do:
                  - fetchSecrets:
                      call: http
                      with:
                        method: get
                        endpoint: '%s'
                """.formatted(id, endpoint);

        Workflows.register(id, document)
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("document"))
                .body("detail", containsString("/do/0/fetchSecrets/with/endpoint: " + endpoint + " is refused"));
        asStaff().get("/workflows/{id}", id).then().statusCode(404);
    }

    @Test
    void theReasonSaysWhatKindOfAddressItIs() {
        String id = WorkflowRegistrationTest.uniqueId("metadata");
        Workflows.register(id, Workflows.exampleCalling("http://169.254.169.254/latest/meta-data/iam", id))
                .statusCode(400)
                .body("detail", containsString("/do/0/postContactToWelcomeWebhook/try/0/post/with/endpoint/uri"))
                .body("detail", containsString("link-local"));
        Workflows.register(id, Workflows.exampleCalling("http://[::ffff:127.0.0.1]:8084/workflows", id))
                .statusCode(400)
                .body("detail", containsString("loopback"));
    }

    @Test
    void anAllowListedDestinationIsAccepted() {
        String id = WorkflowRegistrationTest.uniqueId("allowed");
        Workflows.register(id, Workflows.exampleCalling("https://hooks.example.com/portal/welcome", id)).statusCode(201);
    }

    @Test
    void externalSchemasAreRefused() {
        String id = WorkflowRegistrationTest.uniqueId("schema");
        String byResource = """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                input:
                  schema:
                    format: json
                    resource:
                      endpoint: file:///etc/passwd
                do:
                  - greet:
                      set:
                        greeted: true
                """.formatted(id);
        Workflows.register(id, byResource).statusCode(400).body("detail", containsString("/input/schema/resource: external resources"));

        String byReference = """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                input:
                  schema:
                    format: json
                    document:
                      $ref: http://169.254.169.254/latest/meta-data/schema.json
                do:
                  - greet:
                      set:
                        greeted: true
                """.formatted(id);
        Workflows.register(id, byReference).statusCode(400).body("detail", containsString("/input/schema/document/$ref"));
        asStaff().get("/workflows/{id}", id).then().statusCode(404);
    }

    /** localhost is on this allow-list as a name; what it resolves to is the loopback address, which is not. */
    @Test
    void anAllowedNameThatResolvesToAnInternalAddressFailsTheRun() {
        String id = WorkflowRegistrationTest.uniqueId("resolves");
        Workflows.register(id, Workflows.exampleCalling("http://localhost:9/welcome", id)).statusCode(201);
        InvitationRedeemed event = Redemptions.of(id);

        new Redemptions(kafka).publish(event);

        JsonPath run = WorkflowRunTest.awaitRun(event.invitationId(), id, "FAULTED");
        String error = run.getString("error");
        assertTrue(error.contains("Egress refused") && error.contains("localhost resolves to") && error.contains("loopback"), error);
        assertTrue(!error.contains("connect time"), "refused before connecting: " + error);
    }
}
