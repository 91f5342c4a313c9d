package dev.invitations.invitationservice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.invitations.commons.security.Roles;
import dev.invitations.testsupport.TestTokens;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * WireMock on a free 127.0.0.1 port standing in for redemption-service ({@code GET /accounts/{id}},
 * {@code GET /web-roles/{id}}), workflow-service ({@code GET /workflows/{id}}) and the identity provider's token endpoint
 * that gives invitation-service its client-credentials token. The id decides the answer (see {@link Ids}), so tests and
 * the stubs agree without sharing memory across class loaders; a lookup without the token the token endpoint issued is
 * answered 401. A test that needs another answer stubs it through {@link #ofTheApplication()}.
 */
public class OwnerServicesDouble implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "invitation-service";
    private static final String CLIENT_SECRET = "owner-services-double-secret";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String SEGMENT = "[^/]+";
    private static final String LOOKUP_PATHS = "/(accounts|web-roles)/";

    private WireMockServer server;

    /** Ids that make the double answer one way. */
    public static final class Ids {
        private static final String UNKNOWN = "00000000";
        private static final String DOWN = "deadbeef";

        /** Answered 404. */
        public static UUID unknown() {
            return withPrefix(UNKNOWN);
        }

        /** The connection is dropped without an answer, as by a crashed service. */
        public static UUID down() {
            return withPrefix(DOWN);
        }

        /** Answered 200. */
        public static UUID existing() {
            UUID id = UUID.randomUUID();
            return List.of(UNKNOWN, DOWN).stream().anyMatch(id.toString()::startsWith) ? existing() : id;
        }

        public static String unknownWorkflow() {
            return "unknown-" + UUID.randomUUID();
        }

        public static String inactiveWorkflow() {
            return "inactive-" + UUID.randomUUID();
        }

        public static String downWorkflow() {
            return "down-" + UUID.randomUUID();
        }

        public static String existingWorkflow() {
            return "onboarding-" + UUID.randomUUID();
        }

        private static UUID withPrefix(String prefix) {
            return UUID.fromString(prefix + UUID.randomUUID().toString().substring(prefix.length()));
        }

        private Ids() {
        }
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        String token = TestTokens.withRoles(Roles.SERVICE);
        WireMock stubs = new WireMock(server);
        stubTokenEndpoint(stubs, token);
        stubLookups(stubs, "Bearer " + token);
        String url = "http://127.0.0.1:" + server.port();
        warmUp(url, "Bearer " + token);
        return Map.of(
                "quarkus.rest-client.redemption-service.url", url,
                "quarkus.rest-client.workflow-service.url", url,
                "quarkus.oidc-client.auth-server-url", url,
                "quarkus.oidc-client.discovery-enabled", "false",
                "quarkus.oidc-client.token-path", "/token",
                "quarkus.oidc-client.credentials.secret", CLIENT_SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /**
     * For a test class that makes the owners fail on purpose, after each of its tests: the service's circuit breakers
     * count the last calls of the whole suite, so those failures would otherwise open them for whichever test comes next
     * and looks up an account, a web role or a workflow.
     */
    static void forgetOwnerFailures() {
        Arc.container().instance(CircuitBreakerMaintenance.class).get().resetAll();
    }

    /**
     * One lookup of each kind before the service starts: WireMock's first answers (Jetty's threads, the response
     * templates) are slow enough on a loaded machine to exceed the service's 1.5 s lookup timeout, which would open its
     * circuit breaker in the first test. The journal is emptied after, so tests see only the service's requests.
     */
    private void warmUp(String url, String bearer) {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("/accounts/" + Ids.existing(), "/web-roles/" + Ids.existing(), "/workflows/" + Ids.existingWorkflow())) {
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", bearer).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("The owner services' double answered " + answer.statusCode() + " to " + path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        server.resetRequests();
    }

    /** The double the running application calls, over WireMock's admin API (the test's class loader is not the resource's). */
    static WireMock ofTheApplication() {
        URI url = URI.create(ConfigProvider.getConfig().getValue("quarkus.rest-client.redemption-service.url", String.class));
        return WireMock.create().host(url.getHost()).port(url.getPort()).build();
    }

    /** The client-credentials grant, as the identity provider answers it, for this client and secret only. */
    private static void stubTokenEndpoint(WireMock stubs, String token) {
        stubs.register(post(urlEqualTo("/token")).atPriority(10)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\"}")));
        stubs.register(post(urlEqualTo("/token")).atPriority(1)
                .withBasicAuth(CLIENT_ID, CLIENT_SECRET)
                .withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(okJson("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
    }

    /**
     * One rule per kind of id, each only for the issued token; anything else, the token missing or wrong, is a 401. The
     * lower the priority number, the earlier WireMock tries the rule, so the prefixed ids win over the catch-all 200s.
     */
    private static void stubLookups(WireMock stubs, String bearer) {
        stubs.register(get(anyUrl()).atPriority(100).willReturn(problem(401, "Unauthorized")));
        stubs.register(lookup(LOOKUP_PATHS + Ids.DOWN + SEGMENT, bearer, 1).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        stubs.register(lookup("/workflows/down-" + SEGMENT, bearer, 1).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        stubs.register(lookup(LOOKUP_PATHS + Ids.UNKNOWN + SEGMENT, bearer, 1).willReturn(problem(404, "Not Found")));
        stubs.register(lookup("/workflows/unknown-" + SEGMENT, bearer, 1).willReturn(problem(404, "Not Found")));
        stubs.register(lookup("/workflows/inactive-" + SEGMENT, bearer, 1).willReturn(workflow(false)));
        stubs.register(lookup("/workflows/" + SEGMENT, bearer, 5).willReturn(workflow(true)));
        stubs.register(lookup(LOOKUP_PATHS + SEGMENT, bearer, 5).willReturn(okJson(
                "{\"id\":\"{{request.pathSegments.[1]}}\",\"name\":\"Record {{request.pathSegments.[1]}}\"}")
                .withTransformers("response-template")));
    }

    private static MappingBuilder lookup(String pathPattern, String bearer, int priority) {
        return get(urlPathMatching(pathPattern)).atPriority(priority).withHeader("Authorization", equalTo(bearer));
    }

    private static ResponseDefinitionBuilder workflow(boolean active) {
        return okJson("{\"id\":\"{{request.pathSegments.[1]}}\",\"name\":\"Onboarding\",\"version\":\"1.0.0\",\"active\":" + active + "}")
                .withTransformers("response-template");
    }

    private static ResponseDefinitionBuilder problem(int status, String title) {
        return aResponse().withStatus(status).withHeader("Content-Type", PROBLEM_JSON)
                .withBody("{\"title\":\"" + title + "\",\"status\":" + status + "}");
    }
}
