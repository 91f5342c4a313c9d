package dev.invitations.portalweb.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.invitations.portalweb.console.Operators.WORKFLOW_EDITOR;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import dev.invitations.portalweb.redeem.WireMockBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console's workflows against a stubbed workflow-service: list, register (pasted or uploaded), switch, runs, retry. */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class WorkflowsPageTest {

    static final String ID = "welcome-webhook";
    static final String ACTIVE = workflow(true);
    private static final String PAGE = "/console/workflows/" + ID;
    private static final String NEW = "/console/workflows/new";
    private static final String DOCUMENT = """
            document:
              dsl: '1.0.0'
              namespace: portal-invitations
              name: welcome-webhook
              version: '1.0.0'
            do:
              - greet:
                  set:
                    greeted: true
            """;
    private static final String FAULTED_RUN = "5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";
    private static final String CONTACT = "0b9e4f2e-6f7a-4c1e-9d55-2f0c3b1a7e10";

    private final Operators operators = new Operators();

    @Test
    void theListShowsEachWorkflowWithItsVersionAndStateAndLinksToIt() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, "/console/workflows");
        operators.wireMock.register(get("/workflows").willReturn(okJson("[" + ACTIVE + "," + workflow(false).replace(ID, "farewell") + "]")));

        operators.as(editor).get("/console/workflows").then().statusCode(200)
                .body(containsString("<a id=\"workflow-welcome-webhook\" href=\"/console/workflows/welcome-webhook\">"),
                        containsString("Welcome the redeeming contact"), containsString("<td id=\"state-welcome-webhook\">Active</td>"),
                        containsString("<td id=\"state-farewell\">Inactive</td>"), containsString("href=\"/console/workflows/new\""));
        operators.wireMock.verifyThat(getRequestedFor(urlPathEqualTo("/workflows"))
                .withHeader("Authorization", equalTo("Bearer " + editor.accessToken())));
    }

    @Test
    void aPastedDocumentIsRegisteredAsYamlWithTheEditorsToken() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, NEW);
        operators.wireMock.register(put("/workflows/" + ID).willReturn(okJson(ACTIVE).withStatus(201)));

        Response registered = operators.multipartFormOf(editor, NEW).multiPart("id", ID).multiPart("document", DOCUMENT)
                .post("/console/workflows");

        assertAll(
                () -> assertEquals(303, registered.statusCode()),
                () -> assertEquals(PAGE + "?registered=true", pathAndQuery(registered)),
                () -> operators.wireMock.verifyThat(putRequestedFor(urlPathEqualTo("/workflows/" + ID))
                        .withHeader("Authorization", equalTo("Bearer " + editor.accessToken()))
                        .withHeader("Content-Type", equalTo("application/yaml"))
                        .withRequestBody(equalTo(DOCUMENT))));
    }

    @Test
    void anUploadedFileIsRegisteredInItsOwnNotation() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, NEW);
        operators.wireMock.register(put("/workflows/" + ID).willReturn(okJson(ACTIVE).withStatus(201)));
        String json = "{\"document\": {\"dsl\": \"1.0.0\", \"namespace\": \"portal-invitations\", \"name\": \"welcome-webhook\", "
                + "\"version\": \"1.0.0\"}, \"do\": [{\"greet\": {\"set\": {\"greeted\": true}}}]}";

        operators.multipartFormOf(editor, NEW).multiPart("id", ID).multiPart("document", "")
                .multiPart("file", "welcome.json", json.getBytes(StandardCharsets.UTF_8), "application/json")
                .post("/console/workflows").then().statusCode(303);
        operators.wireMock.verifyThat(putRequestedFor(urlPathEqualTo("/workflows/" + ID))
                .withHeader("Content-Type", equalTo("application/json")).withRequestBody(equalTo(json)));
    }

    @Test
    void aDocumentThatDoesNotParseShowsTheServicesLineNextToItAndKeepsWhatWasTyped() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, NEW);
        operators.wireMock.register(put("/workflows/" + ID).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json").withBody("""
                        {"status":400,"detail":"document: line 3: Not valid YAML: expected <block end>, but found '<block mapping start>'",
                         "errors":[{"field":"document","message":"line 3: Not valid YAML: expected <block end>, but found '<block mapping start>'"}]}""")));
        String misindented = "document:\n  dsl: '1.0.0'\n do:\n";

        operators.multipartFormOf(editor, NEW).multiPart("id", ID).multiPart("document", misindented).post("/console/workflows").then()
                .statusCode(400)
                .body(containsString("<p id=\"document-error\" class=\"error\">line 3: Not valid YAML: expected &lt;block end&gt;"),
                        containsString("aria-describedby=\"document-help document-error\" aria-invalid=\"true\">document:\n  dsl: &#39;1.0.0&#39;\n do:\n</textarea>"),
                        containsString("value=\"" + ID + "\""));
    }

    @Test
    void aMalformedIdAndAMissingDocumentAreShownWithoutAskingTheService() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, NEW);

        operators.multipartFormOf(editor, NEW).multiPart("id", "-starts-with-a-dash").multiPart("document", " ").post("/console/workflows")
                .then().statusCode(400)
                .body(containsString("<p id=\"id-error\" class=\"error\">"), containsString("<p id=\"document-error\" class=\"error\">Paste the document"),
                        containsString("value=\"-starts-with-a-dash\""));
        assertEquals(0, operators.serviceCalls().size());
    }

    @Test
    void aLongPastedDocumentGoesThroughAndAFileOverTheCapIsRefusedWithoutAskingTheService() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, NEW);
        operators.wireMock.register(put("/workflows/" + ID).willReturn(okJson(ACTIVE)));
        String commented = DOCUMENT + ("# " + "x".repeat(97) + "\n").repeat(300);

        operators.multipartFormOf(editor, NEW).multiPart("id", ID).multiPart("document", commented).post("/console/workflows").then().statusCode(303);
        operators.wireMock.verifyThat(putRequestedFor(urlPathEqualTo("/workflows/" + ID)).withRequestBody(equalTo(commented)));

        operators.wireMock.resetRequests();
        operators.multipartFormOf(editor, NEW).multiPart("id", ID).multiPart("document", "")
                .multiPart("file", "huge.yaml", "#".repeat(64 * 1024 + 1).getBytes(StandardCharsets.UTF_8), "application/yaml")
                .post("/console/workflows").then().statusCode(400)
                .body(containsString("<p id=\"file-error\" class=\"error\">The document is larger than 64 KB.</p>"));
        assertEquals(0, operators.serviceCalls().size());
    }

    @Test
    void aNewVersionThatReusesADocumentVersionShowsTheConflictNextToTheDocument() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, PAGE);
        stubTheWorkflowAndItsRuns("[]");
        operators.wireMock.register(put("/workflows/" + ID).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json").withBody("""
                        {"status":409,"detail":"Document portal-invitations/welcome-webhook@1.0.0 is already registered as version 1 of workflow welcome-webhook with different content; a changed document needs a new document.version"}""")));

        operators.multipartFormOf(editor, PAGE).multiPart("document", DOCUMENT.replace("greeted: true", "greeted: false")).post(PAGE).then()
                .statusCode(409)
                .body(containsString("<p id=\"document-error\" class=\"error\">Document portal-invitations/welcome-webhook@1.0.0 is already registered"),
                        containsString("greeted: false"));
    }

    @Test
    void deactivatingAndActivatingGoToWorkflowServiceWithTheEditorsToken() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, PAGE);
        stubTheWorkflowAndItsRuns("[]");
        operators.wireMock.register(post("/workflows/" + ID + "/deactivate").willReturn(okJson(workflow(false))));
        operators.wireMock.register(post("/workflows/" + ID + "/activate").willReturn(okJson(ACTIVE)));

        Response deactivated = operators.formOf(editor, PAGE).post(PAGE + "/deactivate");
        Response activated = operators.formOf(editor, PAGE).post(PAGE + "/activate");

        assertAll(
                () -> assertEquals(303, deactivated.statusCode()),
                () -> assertEquals(PAGE, pathAndQuery(activated)),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/workflows/" + ID + "/deactivate"))
                        .withHeader("Authorization", equalTo("Bearer " + editor.accessToken()))),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/workflows/" + ID + "/activate"))
                        .withHeader("Authorization", equalTo("Bearer " + editor.accessToken()))));
    }

    @Test
    void theWorkflowsPageShowsItsVersionsAndItsRunsOfAStatusAndRetriesAFaultedOne() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, PAGE);
        stubTheWorkflowAndItsRuns("""
                [{"id":"%s","workflowId":"welcome-webhook","workflowVersion":2,"contactId":"%s","invitationId":null,"status":"FAULTED",
                  "error":"HTTP 503 from https://hooks.example.com/portal/welcome","attempt":1,"createdAt":"2026-01-05T10:00:00Z",
                  "startedAt":"2026-01-05T10:00:01Z","endedAt":"2026-01-05T10:00:04Z"}]""".formatted(FAULTED_RUN, CONTACT));
        operators.wireMock.register(post("/workflow-runs/" + FAULTED_RUN + "/retry").willReturn(okJson("""
                {"id":"%s","workflowId":"welcome-webhook","status":"RUNNING","attempt":1}""".formatted(FAULTED_RUN)).withStatus(202)));

        operators.as(editor).get(PAGE + "?status=FAULTED").then().statusCode(200)
                .body(containsString("Active: redemptions that name it start runs of version 2."),
                        containsString("href=\"/console/workflows/welcome-webhook/versions/1\""), containsString("<option value=\"FAULTED\" selected>"),
                        containsString("HTTP 503 from https://hooks.example.com/portal/welcome"), containsString(CONTACT),
                        containsString("id=\"retry-" + FAULTED_RUN + "\""));
        operators.wireMock.verifyThat(getRequestedFor(urlPathEqualTo("/workflow-runs"))
                .withQueryParam("workflowId", equalTo(ID)).withQueryParam("status", equalTo("FAULTED")));

        Response retried = operators.formOf(editor, PAGE).post(PAGE + "/runs/" + FAULTED_RUN + "/retry");
        assertEquals(PAGE + "?retried=true", pathAndQuery(retried));
        operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/workflow-runs/" + FAULTED_RUN + "/retry"))
                .withHeader("Authorization", equalTo("Bearer " + editor.accessToken())));
    }

    @Test
    void aVersionsDocumentIsShownAsText() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, PAGE);
        stubTheWorkflowAndItsRuns("[]");
        operators.wireMock.register(get("/workflows/" + ID + "/versions/1").willReturn(aResponse()
                .withHeader("Content-Type", "application/yaml").withBody(DOCUMENT + "# <script>alert(1)</script>\n")));

        operators.as(editor).get(PAGE + "/versions/1").then().statusCode(200)
                .body(containsString("welcome-webhook, version 1"), containsString("namespace: portal-invitations"),
                        containsString("&lt;script&gt;"), not(containsString("<script>")));
    }

    @Test
    void anIdOrStatusWorkflowServiceCouldNotHaveIsRefusedWithoutAsking() {
        SignedIn editor = operators.signIn(WORKFLOW_EDITOR, "/console/workflows");

        operators.as(editor).get("/console/workflows/-dash").then().statusCode(404).body(containsString("There is no such record"));
        operators.as(editor).get("/console/workflows/..%2Fnew").then().statusCode(404);
        operators.as(editor).get(PAGE + "/versions/0").then().statusCode(404);
        operators.as(editor).get(PAGE + "/versions/latest").then().statusCode(404);
        assertEquals(0, operators.serviceCalls().size());

        stubTheWorkflowAndItsRuns("[]");
        operators.as(editor).get(PAGE + "?status=LOST").then().statusCode(400).body(containsString("id=\"runs-error\""));
        operators.wireMock.verifyThat(0, getRequestedFor(urlPathEqualTo("/workflow-runs")));
    }

    private void stubTheWorkflowAndItsRuns(String runs) {
        operators.wireMock.register(get("/workflows/" + ID).willReturn(okJson(ACTIVE)));
        operators.wireMock.register(get(urlPathEqualTo("/workflow-runs")).withQueryParam("workflowId", equalTo(ID)).willReturn(okJson(runs)));
    }

    private static String pathAndQuery(Response redirect) {
        URI location = URI.create(redirect.header("Location"));
        return location.getPath() + (location.getQuery() == null ? "" : "?" + location.getQuery());
    }

    private static String workflow(boolean active) {
        return """
                {"id":"welcome-webhook","active":%s,"version":2,
                 "document":{"dsl":"1.0.0","namespace":"portal-invitations","name":"welcome-webhook","version":"1.1.0",
                             "title":"Welcome the redeeming contact","format":"YAML","sha256":"ab12"},
                 "createdAt":"2026-01-02T09:00:00Z","updatedAt":"2026-01-03T09:00:00Z",
                 "history":[{"version":2,"document":{"version":"1.1.0","sha256":"ab12"},"registeredAt":"2026-01-03T09:00:00Z"},
                            {"version":1,"document":{"version":"1.0.0","sha256":"cd34"},"registeredAt":"2026-01-02T09:00:00Z"}]}""".formatted(active);
    }
}
