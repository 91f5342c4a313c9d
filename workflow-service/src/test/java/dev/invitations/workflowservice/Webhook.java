package dev.invitations.workflowservice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The endpoint workflows call: WireMock on a free 127.0.0.1 port. Any {@code POST} is answered 200 with a small JSON
 * body, and it can be told to answer an error status, a redirect or a large body on a path, or to take its time, to
 * stand for an endpoint that is down, moved, too talkative or slow. What it received is WireMock's request journal.
 * Either one test's ({@code try (Webhook webhook = new Webhook())}) or a test class's
 * ({@code @RegisterExtension static final Webhook webhook = Webhook.perTestClass()}).
 */
final class Webhook implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    record Received(String path, String authorization, String idempotencyKey, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above the stub that answers every POST: a path told to answer otherwise wins. */
    private static final int ON_A_PATH = 1;
    private static final int EVERY_POST = 10;

    private final InFlight inFlight = new InFlight();
    private final WireMockServer server;
    private final Map<String, StubMapping> failing = new ConcurrentHashMap<>();
    private volatile StubMapping everyPost;

    /** Listening at once; closing it is the caller's. */
    Webhook() {
        this(true);
    }

    /** Started before the test class's first test and stopped after its last; nothing runs before. */
    static Webhook perTestClass() {
        return new Webhook(false);
    }

    private Webhook(boolean startNow) {
        // More threads than the service's runs.max-in-flight in tests (8), so the endpoint never caps the concurrency measured.
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().containerThreads(32)
                .extensions(inFlight));
        if (startNow) {
            start();
        }
    }

    private void start() {
        server.start();
        answerAfter(Duration.ZERO);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    void failOn(String path, int status) {
        failing.put(path, onPath(path, aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"down\":true}")));
    }

    void heal(String path) {
        StubMapping failure = failing.remove(path);
        if (failure != null) {
            server.removeStub(failure);
        }
    }

    /** Answers 302 with this {@code Location} on {@code path}. */
    void redirectOn(String path, String location) {
        onPath(path, aResponse().withStatus(302).withHeader("Location", location));
    }

    /**
     * Answers a JSON body of about {@code bytes} on {@code path}, with its {@code Content-Length} declared or, when
     * {@code declared} is false, in chunks with no length given.
     */
    void answerLargeOn(String path, int bytes, boolean declared) {
        String body = "{\"filler\":\"" + "x".repeat(bytes) + "\"}";
        ResponseDefinitionBuilder answer = aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
        onPath(path, declared
                ? answer.withHeader("Content-Length", String.valueOf(body.length()))
                // Written in flushed parts, so it goes out chunked whatever the server would buffer.
                : answer.withChunkedDribbleDelay(16, 320));
    }

    /** Every {@code POST} is answered after {@code delay}. */
    void answerAfter(Duration delay) {
        StubMapping previous = everyPost;
        everyPost = server.stubFor(post(anyUrl()).atPriority(EVERY_POST)
                .willReturn(okJson("{\"received\":true}").withFixedDelay((int) delay.toMillis())));
        if (previous != null) {
            server.removeStub(previous);
        }
    }

    List<Received> received(Predicate<Received> matching) {
        return server.getAllServeEvents().stream().map(ServeEvent::getRequest).map(Webhook::received).filter(matching).toList();
    }

    /** The most requests this endpoint was serving at the same time since the last reset. */
    int mostInFlight() {
        return inFlight.most.get();
    }

    void resetMostInFlight() {
        inFlight.most.set(0);
    }

    private StubMapping onPath(String path, ResponseDefinitionBuilder answer) {
        return server.stubFor(post(urlPathEqualTo(path)).atPriority(ON_A_PATH).willReturn(answer));
    }

    private static Received received(LoggedRequest request) {
        try {
            byte[] body = request.getBody();
            return new Received(request.getUrl().replaceFirst("\\?.*", ""), request.getHeader("Authorization"),
                    request.getHeader("Idempotency-Key"), body == null || body.length == 0 ? null : JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Counts the requests between WireMock taking them and their answer having been sent. */
    private static final class InFlight implements ServeEventListener {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();

        @Override
        public String getName() {
            return "in-flight";
        }

        @Override
        public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        @Override
        public void afterComplete(ServeEvent serveEvent, Parameters parameters) {
            now.decrementAndGet();
        }
    }
}
