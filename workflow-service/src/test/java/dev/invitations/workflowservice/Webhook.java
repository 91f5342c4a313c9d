package dev.invitations.workflowservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP endpoint for workflows to call: the JDK's HTTP server on a free loopback port. It keeps every request it
 * receives, answers 200 with a small JSON body, and can be told to answer an error status on a path, or to take its
 * time, to stand for an endpoint that is down or slow.
 */
final class Webhook implements AutoCloseable {

    record Received(String path, String authorization, String idempotencyKey, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, Integer> failingPaths = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> redirects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LargeAnswer> largeAnswers = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    Webhook() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void failOn(String path, int status) {
        failingPaths.put(path, status);
    }

    /** Answers 302 with this {@code Location} on {@code path}. */
    void redirectOn(String path, String location) {
        redirects.put(path, location);
    }

    /**
     * Answers a JSON body of about {@code bytes} on {@code path}, with its {@code Content-Length} declared or, when
     * {@code declared} is false, chunked with no length given.
     */
    void answerLargeOn(String path, int bytes, boolean declared) {
        largeAnswers.put(path, new LargeAnswer(bytes, declared));
    }

    private record LargeAnswer(int bytes, boolean declared) {
    }

    void heal(String path) {
        failingPaths.remove(path);
    }

    void answerAfter(Duration delay) {
        this.delay = delay;
    }

    List<Received> received(Predicate<Received> matching) {
        return received.stream().filter(matching).toList();
    }

    /** The most requests this endpoint was serving at the same time since the last reset. */
    int mostInFlight() {
        return mostInFlight.get();
    }

    void resetMostInFlight() {
        mostInFlight.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int concurrent = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(concurrent, Math::max);
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    body.length == 0 ? null : JSON.readTree(body)));
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            String location = redirects.get(path);
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            LargeAnswer large = largeAnswers.get(path);
            if (large != null) {
                byte[] filler = new byte[large.bytes()];
                java.util.Arrays.fill(filler, (byte) 'x');
                byte[] prefix = "{\"filler\":\"".getBytes(StandardCharsets.UTF_8);
                byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, large.declared() ? prefix.length + filler.length + suffix.length : 0);
                try (var out = exchange.getResponseBody()) {
                    out.write(prefix);
                    out.write(filler);
                    out.write(suffix);
                } catch (IOException cutOff) {
                    // The client may stop reading once it has seen enough: that is what is being tested.
                }
                return;
            }
            Integer failure = failingPaths.get(path);
            byte[] answer = (failure == null ? "{\"received\":true}" : "{\"down\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(failure == null ? 200 : failure, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
