package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WorkflowRegistrationTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void newWorkflowIsRegisteredAsActiveVersionOne() {
        String id = uniqueId("welcome");
        Workflows.register(id, Workflows.exampleCalling("http://127.0.0.1:9/welcome", id))
                .statusCode(201)
                .header("Location", startsWith("http"))
                .body("id", equalTo(id))
                .body("active", equalTo(true))
                .body("version", equalTo(1))
                .body("document.dsl", equalTo("1.0.0"))
                .body("document.name", equalTo(id))
                .body("document.format", equalTo("YAML"))
                .body("document.sha256", matchesPattern("[0-9a-f]{64}"));

        asStaff().get("/workflows/{id}", id).then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("history", hasSize(1));
        asStaff().get("/workflows").then().statusCode(200).body("id", hasItem(id));
        asStaff().get("/workflows/{id}/versions/1", id).then()
                .statusCode(200)
                .contentType(startsWith("application/yaml"))
                .body(containsString("call: http"));
    }

    @Test
    void changedDocumentWithNewDocumentVersionBecomesTheNextVersion() {
        String id = uniqueId("versions");
        String first = Workflows.exampleCalling("http://127.0.0.1:9/welcome", id);
        Workflows.register(id, first).statusCode(201);

        String second = first.replace("version: '1.0.0'", "version: '1.1.0'").replace("welcomed: true", "welcomed: yes-indeed");
        Workflows.register(id, second)
                .statusCode(200)
                .body("version", equalTo(2))
                .body("document.version", equalTo("1.1.0"));
        asStaff().get("/workflows/{id}", id).then()
                .body("history.version", equalTo(java.util.List.of(2, 1)))
                .body("history.document.version", equalTo(java.util.List.of("1.1.0", "1.0.0")));
    }

    @Test
    void sameContentAgainChangesNothingWhateverItsLayout() {
        String id = uniqueId("same");
        String yaml = Workflows.exampleCalling("http://127.0.0.1:9/welcome", id);
        String sha = Workflows.register(id, yaml).statusCode(201).extract().path("document.sha256");

        String json = """
                {"document": {"dsl": "1.0.0", "namespace": "tests", "name": "%s", "version": "1.0.0"},
                 "do": [{"greet": {"set": {"greeted": "${ .contact.fullName }"}}}]}""".formatted(id + "-json");
        String jsonId = uniqueId("json");
        Workflows.register(id, yaml).statusCode(200).body("version", equalTo(1)).body("document.sha256", equalTo(sha));
        asStaff().contentType("application/json").body(json).put("/workflows/{id}", jsonId).then()
                .statusCode(201).body("document.format", equalTo("JSON"));
        String relaidOut = """
                do:
                  - greet:
                      set:
                        greeted: ${ .contact.fullName }
                document: {version: '1.0.0', name: %s, namespace: tests, dsl: '1.0.0'}
                """.formatted(id + "-json");
        Workflows.register(jsonId, relaidOut).statusCode(200).body("version", equalTo(1));
    }

    @Test
    void documentThatBreaksTheSchemaIsRefusedWithTheReasonAndNothingIsStored() {
        String id = uniqueId("invalid");
        String noTasks = """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                do:
                  - greet:
                      call: http
                """.formatted(id);
        Workflows.register(id, noTasks)
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("document"))
                .body("detail", containsString("Not a valid DSL 1.0 document"));
        asStaff().get("/workflows/{id}", id).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void textThatIsNotYamlIsRefused() {
        String id = uniqueId("garbage");
        Workflows.register(id, "document: [unclosed")
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("Not valid YAML"));
        Workflows.register(id, "").statusCode(400).body("errors[0].field", equalTo("document"));
        asStaff().get("/workflows/{id}", id).then().statusCode(404);
    }

    @Test
    void aDocumentThatDoesNotParseIsRefusedWithTheLineWhereTheParserStopped() {
        String id = uniqueId("line");
        String misindented = """
                document:
                  dsl: '1.0.0'
                 do:
                  - greet:
                """;
        Workflows.register(id, misindented)
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("document"))
                .body("errors[0].message", startsWith("line 3: Not valid YAML: expected <block end>"))
                .body("errors[0].message", not(containsString("\n")));
        asStaff().contentType("application/json").body("{\n\"document\": {},\n\"do\" []}").put("/workflows/{id}", id).then()
                .statusCode(400)
                .body("errors[0].message", startsWith("line 3: Not valid JSON: "));
    }

    @Test
    void shellCommandsListenersAndSchedulesAreRefused() {
        String id = uniqueId("shell");
        String shell = """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                schedule:
                  every: {minutes: 1}
                do:
                  - wipe:
                      run:
                        shell:
                          command: rm -rf /
                """.formatted(id);
        Workflows.register(id, shell)
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("/do/0/wipe: run tasks"))
                .body("detail", containsString("/schedule"));
        asStaff().get("/workflows/{id}", id).then().statusCode(404);
    }

    @Test
    void invalidExpressionIsRefusedBeforeAnyRunMeetsIt() {
        String id = uniqueId("badjq");
        String badExpression = """
                document: {dsl: '1.0.0', namespace: tests, name: %s, version: '1.0.0'}
                do:
                  - greet:
                      set:
                        greeted: ${ .contact | nosuchfunction( }
                """.formatted(id);
        Workflows.register(id, badExpression).statusCode(400).contentType(PROBLEM);
        asStaff().get("/workflows/{id}", id).then().statusCode(404);
    }

    @Test
    void changedContentUnderAnIdentityAlreadyRegisteredIsAConflict() {
        String id = uniqueId("conflict");
        String first = Workflows.exampleCalling("http://127.0.0.1:9/welcome", id);
        Workflows.register(id, first).statusCode(201);

        Workflows.register(id, first.replace("welcomed: true", "welcomed: false"))
                .statusCode(409)
                .contentType(PROBLEM)
                .body("type", equalTo("urn:portal-invitations:problem:workflow-version-exists"))
                .body("detail", containsString("new document.version"));
        Workflows.register(uniqueId("other"), first).statusCode(409).body("detail", containsString(id));
        asStaff().get("/workflows/{id}", id).then().body("version", equalTo(1));
    }

    @Test
    void deactivatedWorkflowCanBeActivatedAgain() {
        String id = uniqueId("switch");
        Workflows.register(id, Workflows.exampleCalling("http://127.0.0.1:9/welcome", id)).statusCode(201);

        asStaff().post("/workflows/{id}/deactivate", id).then().statusCode(200).body("active", equalTo(false));
        asStaff().get("/workflows/{id}", id).then().body("active", equalTo(false));
        asStaff().post("/workflows/{id}/activate", id).then().statusCode(200).body("active", equalTo(true));
    }

    @Test
    void unknownWorkflowIsNotFound() {
        asStaff().get("/workflows/{id}", "no-such-workflow").then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404));
        asStaff().post("/workflows/{id}/deactivate", "no-such-workflow").then().statusCode(404).contentType(PROBLEM);
        asStaff().get("/workflows/{id}/versions/1", "no-such-workflow").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void malformedIdIsRefusedNamingTheField() {
        Workflows.register("-starts-with-a-dash", Workflows.example())
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void documentOfAnotherMediaTypeIsRefused() {
        asStaff().contentType("text/plain").body("hello").put("/workflows/{id}", uniqueId("plain")).then()
                .statusCode(415)
                .contentType(PROBLEM);
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
