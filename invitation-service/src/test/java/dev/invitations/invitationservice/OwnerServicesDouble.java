package dev.invitations.invitationservice;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.invitations.commons.security.Roles;
import dev.invitations.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for redemption-service ({@code GET /accounts/{id}}, {@code GET /web-roles/{id}}) and
 * workflow-service ({@code GET /workflows/{id}}), and for the identity provider's token endpoint that gives
 * invitation-service its client-credentials token. The id decides the answer (see {@link Ids}), so tests and the
 * server agree without sharing memory across class loaders; a lookup without the token it issued is answered 401.
 */
public class OwnerServicesDouble implements QuarkusTestResourceLifecycleManager {

    private static final String CLIENT_SECRET = "owner-services-double-secret";

    private HttpServer server;
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> lookedUpOnce = ConcurrentHashMap.newKeySet();

    /** Ids that make the double answer one way. */
    public static final class Ids {
        private static final String UNKNOWN = "00000000";
        private static final String DOWN = "deadbeef";
        private static final String FADES = "fade0000";

        /** Answered 404. */
        public static UUID unknown() {
            return withPrefix(UNKNOWN);
        }

        /** The connection is dropped without an answer, as by a crashed service. */
        public static UUID down() {
            return withPrefix(DOWN);
        }

        /**
         * Answered 200 the first time (when an invitation naming it is created), then dropped like {@link #down()}: the
         * owner went down afterwards.
         */
        public static UUID downAfterItsFirstLookup() {
            return withPrefix(FADES);
        }

        /** Answered 200. */
        public static UUID existing() {
            UUID id = UUID.randomUUID();
            return List.of(UNKNOWN, DOWN, FADES).stream().anyMatch(id.toString()::startsWith) ? existing() : id;
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
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", this::issueToken);
        server.createContext("/accounts/", exchange -> answerIfAuthorized(exchange, "/accounts/", false));
        server.createContext("/web-roles/", exchange -> answerIfAuthorized(exchange, "/web-roles/", false));
        server.createContext("/workflows/", exchange -> answerIfAuthorized(exchange, "/workflows/", true));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
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
            server.stop(0);
        }
    }

    /** The client-credentials grant, as the identity provider answers it, for the right client and secret only. */
    private void issueToken(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("invitation-service:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        boolean authenticated = basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || (form.contains("client_id=invitation-service") && form.contains("client_secret=" + CLIENT_SECRET));
        if (!form.contains("grant_type=client_credentials") || !authenticated) {
            respond(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = TestTokens.withRoles(Roles.SERVICE);
        issuedTokens.add(token);
        respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":1800}");
    }

    private void answerIfAuthorized(HttpExchange exchange, String prefix, boolean workflow) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !issuedTokens.contains(authorization.replaceFirst("^Bearer ", ""))) {
            respond(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
            return;
        }
        answer(exchange, prefix, workflow);
    }

    private void answer(HttpExchange exchange, String prefix, boolean workflow) throws IOException {
        String id = exchange.getRequestURI().getPath().substring(prefix.length());
        boolean faded = id.startsWith(Ids.FADES) && !lookedUpOnce.add(id);
        if (id.startsWith(Ids.DOWN) || id.startsWith("down-") || faded) {
            exchange.close();
            return;
        }
        if (id.startsWith(Ids.UNKNOWN) || id.startsWith("unknown-")) {
            respond(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
            return;
        }
        String body = workflow
                ? "{\"id\":\"" + id + "\",\"name\":\"Onboarding\",\"version\":\"1.0.0\",\"active\":" + !id.startsWith("inactive-") + "}"
                : "{\"id\":\"" + id + "\",\"name\":\"Record " + id + "\"}";
        respond(exchange, 200, body);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
