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
