package dev.invitations.invitationservice;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for redemption-service ({@code GET /accounts/{id}}, {@code GET /web-roles/{id}}) and
 * workflow-service ({@code GET /workflows/{id}}). It keeps no state: the id decides the answer (see {@link Ids}), so
 * tests and the server agree without sharing memory across class loaders.
 */
public class OwnerServicesDouble implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

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
            return id.toString().startsWith(UNKNOWN) || id.toString().startsWith(DOWN) ? existing() : id;
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
        server.createContext("/accounts/", exchange -> answer(exchange, "/accounts/", false));
        server.createContext("/web-roles/", exchange -> answer(exchange, "/web-roles/", false));
        server.createContext("/workflows/", exchange -> answer(exchange, "/workflows/", true));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "quarkus.rest-client.redemption-service.url", url,
                "quarkus.rest-client.workflow-service.url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, String prefix, boolean workflow) throws IOException {
        String id = exchange.getRequestURI().getPath().substring(prefix.length());
        if (id.startsWith(Ids.DOWN) || id.startsWith("down-")) {
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
