package dev.invitations.testsupport;

import static io.restassured.RestAssured.given;

import dev.invitations.commons.security.Roles;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Who may call what, checked against the service's own OpenAPI document: every documented operation must have a rule
 * in the test's table (so a new endpoint without one fails), and each is called with no token (401), with a token
 * holding every role but the allowed ones (403), and with each allowed role (neither 401 nor 403, nor a server error).
 * Path parameters get a random value, so the allowed calls answer 404 or 400 and change nothing.
 */
public final class AuthorizationMatrix {

    private static final String PROBLEM = "application/problem+json";

    /** One operation of the OpenAPI document, written {@code "GET /invitations/{id}"}. */
    record Operation(String method, String path, String contentType) {

        String key() {
            return method + " " + path;
        }
    }

    /**
     * @param rules each operation ({@code "POST /contacts"}) to the roles that may call it (see {@link Roles})
     */
    public static Stream<DynamicTest> check(Map<String, Set<String>> rules) {
        List<Operation> documented = documentedOperations();
        Set<String> documentedKeys = new TreeSet<>(documented.stream().map(Operation::key).toList());
        DynamicTest everyOperationHasARule = DynamicTest.dynamicTest("every documented operation has a rule, and only those", () -> {
            Set<String> withoutRule = new TreeSet<>(documentedKeys);
            withoutRule.removeAll(rules.keySet());
            Set<String> undocumented = new TreeSet<>(rules.keySet());
            undocumented.removeAll(documentedKeys);
            Assertions.assertEquals(Set.of(), withoutRule, "operations with no rule in the authorization matrix");
            Assertions.assertEquals(Set.of(), undocumented, "rules for operations the OpenAPI document does not list");
        });
        Stream<DynamicTest> calls = documented.stream()
                .filter(operation -> rules.containsKey(operation.key()))
                .flatMap(operation -> callsOf(operation, rules.get(operation.key())));
        return Stream.concat(Stream.of(everyOperationHasARule), calls);
    }

    private static Stream<DynamicTest> callsOf(Operation operation, Set<String> allowed) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest(operation.key() + " without a token: 401", () -> {
            Response response = call(given().auth().none(), operation);
            Assertions.assertEquals(401, response.statusCode(), operation.key() + " without a token");
            Assertions.assertEquals(PROBLEM, response.contentType(), operation.key() + " without a token");
            Assertions.assertEquals("Bearer", response.header("WWW-Authenticate"), operation.key() + " without a token");
        }));
        String[] others = Roles.ALL.stream().filter(role -> !allowed.contains(role)).toArray(String[]::new);
        tests.add(DynamicTest.dynamicTest(operation.key() + " with every other role: 403", () -> {
            Response response = call(given().auth().oauth2(TestTokens.withRoles(others)), operation);
            Assertions.assertEquals(403, response.statusCode(), operation.key() + " with roles " + String.join(", ", others));
            Assertions.assertEquals(PROBLEM, response.contentType(), operation.key() + " with other roles");
        }));
        for (String role : allowed) {
            tests.add(DynamicTest.dynamicTest(operation.key() + " as " + role + ": allowed", () -> {
                int status = call(given().auth().oauth2(TestTokens.withRoles(role)), operation).statusCode();
                Assertions.assertTrue(status != 401 && status != 403 && status < 500,
                        operation.key() + " as " + role + " answered " + status);
            }));
        }
        return tests.stream();
    }

    private static Response call(RequestSpecification request, Operation operation) {
        String path = operation.path().replaceAll("\\{version}", "1")
                .replaceAll("\\{[^}]+}", "0f0e0d0c-0b0a-4908-8706-050403020100");
        if (operation.contentType() != null) {
            // Bytes, so that REST Assured sends any media type (YAML, text) without needing an encoder for it.
            request = request.contentType(operation.contentType())
                    .body((operation.contentType().contains("json") ? "{}" : "x").getBytes(StandardCharsets.UTF_8));
        }
        return request.redirects().follow(false).request(operation.method(), path);
    }

    private static List<Operation> documentedOperations() {
        JsonPath openApi = given().auth().none().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.forEach((method, definition) -> {
            if (!(definition instanceof Map<?, ?> operation) || method.equals("parameters")) {
                return;
            }
            String contentType = null;
            if (operation.get("requestBody") instanceof Map<?, ?> body && body.get("content") instanceof Map<?, ?> content
                    && !content.isEmpty()) {
                contentType = content.keySet().iterator().next().toString();
            }
            operations.add(new Operation(method.toUpperCase(), path, contentType));
        }));
        return operations;
    }

    private AuthorizationMatrix() {
    }
}
