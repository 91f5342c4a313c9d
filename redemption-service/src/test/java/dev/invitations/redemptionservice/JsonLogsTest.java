package dev.invitations.redemptionservice;

import static dev.invitations.redemptionservice.PortalFixtures.createAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.OutputStreamHandler;
import org.junit.jupiter.api.Test;

/**
 * The prod profile's console format, which containers and Kubernetes run: a collector reads every line as one JSON
 * object with the time, level, logger and message. The service runs with the prod setting of
 * {@code quarkus.log.console.json.enabled} (the test profile turns it off); what its console handler writes is read
 * through a second handler with the console's own formatter, so the console itself is left as it is.
 */
@QuarkusTest
@TestProfile(JsonLogsTest.ProdConsoleFormat.class)
class JsonLogsTest {

    public static class ProdConsoleFormat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.console.json.enabled", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Quarkus' OpenTelemetry puts in the MDC. */
    private static final Set<String> TRACE_CONTEXT = Set.of("traceId", "spanId", "parentId", "sampled");

    @Test
    void consoleLinesAreJsonObjectsWithTimeLevelLoggerAndMessage() throws Exception {
        Logger root = LogContext.getLogContext().getLogger("");
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStreamHandler copy = new OutputStreamHandler(written, consoleFormatter(root));
        root.addHandler(copy);
        UUID account;
        try {
            account = createAccount("Json Logs Ltd");
        } finally {
            root.removeHandler(copy);
            copy.flush();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : written.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertFalse(lines.isEmpty(), "the account's creation is logged");
        JsonNode created = lines.stream().filter(line -> line.path("message").asText().equals("Account " + account + " created"))
                .findFirst().orElseThrow(() -> new AssertionError("no line for account " + account + " in " + lines));
        assertEquals("INFO", created.path("level").asText());
        assertEquals("dev.invitations.redemptionservice.account.AccountService", created.path("loggerName").asText());
        assertTrue(created.path("timestamp").isTextual() && !created.path("timestamp").asText().isBlank(), created::toString);
        // Beside the formatted message, the MDC is where a value could reach a field of its own: only the trace
        // context may be there, never a code or anything a request carried.
        for (JsonNode line : lines) {
            line.path("mdc").fieldNames().forEachRemaining(key -> assertTrue(TRACE_CONTEXT.contains(key), key + " in " + line));
        }
    }

    /** The formatter Quarkus gave the console handler, which may sit below a delayed or async handler. */
    private static Formatter consoleFormatter(Logger root) {
        List<Handler> pending = new ArrayList<>(List.of(root.getHandlers()));
        while (!pending.isEmpty()) {
            Handler handler = pending.remove(0);
            if (handler instanceof ConsoleHandler console) {
                return console.getFormatter();
            }
            if (handler instanceof ExtHandler parent) {
                pending.addAll(List.of(parent.getHandlers()));
            }
        }
        throw new AssertionError("No console handler under the root logger");
    }
}
