package dev.invitations.workflowservice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP endpoint on a free loopback port that takes HTTP requests and never finishes an answer: it sends nothing, or
 * only the head of one, and then holds the connection until the client closes it. It counts the bytes it received and
 * the connections the client closed, which is how a test sees that a request was stopped rather than left waiting.
 */
final class SilentEndpoint implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "silent-endpoint");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final String head;

    /** Answers nothing at all. */
    static SilentEndpoint answeringNothing() {
        return new SilentEndpoint(null);
    }

    /** Answers a 200 head that declares a JSON body of {@code declaredLength} bytes, and then not a byte of it. */
    static SilentEndpoint answeringOnlyAHeadDeclaring(long declaredLength) {
        return new SilentEndpoint("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + declaredLength + "\r\n\r\n");
    }

    private SilentEndpoint(String head) {
        this.head = head;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes of requests received, over every connection. */
    long bytesReceived() {
        return bytesReceived.get();
    }

    /** Connections the client closed (or reset) while this endpoint held them. */
    int connectionsClosedByClient() {
        return closedByClient.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                threads.execute(() -> hold(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void hold(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            byte[] buffer = new byte[8192];
            boolean answered = false;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                bytesReceived.addAndGet(read);
                if (head != null && !answered && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    answered = true;
                }
            }
            closedByClient.incrementAndGet();
        } catch (IOException reset) {
            if (!server.isClosed()) {
                closedByClient.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket connection : connections) {
                connection.close();
            }
        } catch (IOException ignored) {
            // Closing is best effort: the test is over.
        }
        threads.shutdownNow();
    }
}
