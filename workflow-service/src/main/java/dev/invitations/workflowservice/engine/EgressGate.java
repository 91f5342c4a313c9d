package dev.invitations.workflowservice.engine;

import dev.invitations.workflowservice.engine.EgressRefusedException.Reason;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The egress policy applied to the JAX-RS client every workflow HTTP request goes through (the SDK's {@code call: http}
 * and its OAuth2 token requests alike), at three points:
 * <ol>
 * <li>before anything is sent ({@link ClientRequestFilter}): the URI's scheme, host and port against the allow-list,
 * then every address the host resolves to; a refused request never opens a connection;</li>
 * <li>on the connection the request is about to be written to (a Vert.x request customizer of the Quarkus REST
 * client): its peer address is checked again, so a DNS answer that changed since the first check (rebinding) cannot
 * slip through; the connection is closed and not a byte of the request is sent;</li>
 * <li>on the answer ({@link ClientResponseFilter} and the same customizer): a redirect's {@code Location} is checked as
 * a destination of its own (redirects are never followed by the client; a workflow sees the 3xx as the SDK's
 * {@code redirect} flag says), and a body larger than the limit fails the request without being buffered: one whose
 * declared length is larger is refused on its head, any other is cut off while it arrives.</li>
 * </ol>
 */
final class EgressGate implements ClientRequestFilter, ClientResponseFilter, Consumer<HttpClientRequest> {

    /** Set on a request this filter refused: the client still runs response filters, on an empty answer. */
    private static final String REFUSED = EgressGate.class.getName() + ".refused";

    private final EgressPolicy policy;
    private final HostResolver resolver;
    private final long maxResponseBytes;

    EgressGate(EgressPolicy policy, HostResolver resolver, long maxResponseBytes) {
        this.policy = policy;
        this.resolver = resolver;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public void filter(ClientRequestContext request) {
        URI uri = request.getUri();
        try {
            checkDestination(uri, "request to " + display(uri));
        } catch (EgressRefusedException refused) {
            request.setProperty(REFUSED, Boolean.TRUE);
            throw refused;
        }
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        if (request.getProperty(REFUSED) != null || response.getHeaders() == null) {
            return;
        }
        if (response.getStatusInfo().getFamily() == Response.Status.Family.REDIRECTION) {
            String location = response.getHeaderString("Location");
            if (location != null && !location.isBlank()) {
                URI target;
                try {
                    target = request.getUri().resolve(location.strip());
                } catch (IllegalArgumentException unreadable) {
                    throw new EgressRefusedException(Reason.DESTINATION, "redirect from " + display(request.getUri())
                            + " to an unreadable location refused");
                }
                checkDestination(target, "redirect from " + display(request.getUri()) + " to " + display(target));
            }
        }
        InputStream body = response.getEntityStream();
        if (body != null) {
            response.setEntityStream(new Capped(body, request.getUri()));
        }
    }

    /** Runs on the event loop once the connection for a request is there, before the request is written. */
    @Override
    public void accept(HttpClientRequest request) {
        HttpConnection connection = request.connection();
        SocketAddress peer = connection == null ? null : connection.remoteAddress();
        if (peer != null && peer.hostAddress() != null) {
            InetAddress address = EgressPolicy.literalAddress(peer.hostAddress().contains(":") ? "[" + peer.hostAddress() + "]" : peer.hostAddress());
            Optional<String> refusal = address == null ? Optional.of("the connection's peer " + peer + " is not an address")
                    : policy.refusal(address, peer.port());
            if (refusal.isPresent()) {
                // Reset, not thrown: the REST client drops what a customizer throws and would wait for an answer for
                // ever. The reset fails the request with the refusal before it is written (the client learns it from
                // the answer, so the request itself needs no error log), and the close makes sure the connection is
                // never used.
                request.exceptionHandler(reportedThroughTheAnswer -> { });
                request.reset(0, new EgressRefusedException(Reason.DESTINATION,
                        "request to " + request.getHost() + " refused at connect time: " + refusal.get()));
                connection.close();
                return;
            }
        }
        request.response().onSuccess(response -> capWhileReceiving(request, response));
    }

    /**
     * Refuses an answer whose declared length is over the limit as soon as its head arrives, and counts any other body
     * as it arrives, resetting the request once it passes the limit: an oversized answer is never buffered whole.
     */
    private void capWhileReceiving(HttpClientRequest request, HttpClientResponse response) {
        long declared = declaredLength(request, response);
        if (declared > maxResponseBytes) {
            // Quarkus's REST client asks for the body only after this handler, and waits for it: asked for now, the body
            // fails with the reset, and the client with it.
            response.body();
            request.reset(0, tooLarge(URI.create(request.absoluteURI()), "its declared length is " + declared + " bytes"));
            return;
        }
        AtomicLong received = new AtomicLong();
        response.handler(chunk -> {
            if (received.addAndGet(chunk.length()) > maxResponseBytes) {
                request.reset(0, tooLarge(URI.create(request.absoluteURI()), "it was cut off while arriving"));
            }
        });
    }

    /** The body length the answer's head declares, or -1 when it declares none (chunked) or carries no body (HEAD). */
    private static long declaredLength(HttpClientRequest request, HttpClientResponse response) {
        String contentLength = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength == null || request.getMethod() == HttpMethod.HEAD) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.strip());
        } catch (NumberFormatException unreadable) {
            // An unreadable length declares nothing: the body is counted as it arrives instead.
            return -1;
        }
    }

    private void checkDestination(URI uri, String what) {
        Optional<String> refusal = policy.refusal(uri);
        if (refusal.isEmpty()) {
            try {
                refusal = policy.resolvedRefusal(uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80, resolver);
            } catch (UnknownHostException unknown) {
                // Not resolvable now: nothing to connect to. The client fails the same way and the workflow may retry.
                return;
            }
        }
        if (refusal.isPresent()) {
            throw new EgressRefusedException(Reason.DESTINATION, what + " refused: " + refusal.get());
        }
    }

    private EgressRefusedException tooLarge(URI uri, String how) {
        return new EgressRefusedException(Reason.RESPONSE_TOO_LARGE, "the answer of " + display(uri) + " is larger than "
                + maxResponseBytes + " bytes (workflow.egress.max-response-bytes): " + how);
    }

    /** Scheme, host, port and path: never the query, which may carry secrets. */
    static String display(URI uri) {
        String port = uri.getPort() >= 0 ? ":" + uri.getPort() : "";
        String host = uri.getHost() != null ? uri.getHost() : String.valueOf(uri.getRawAuthority());
        return uri.getScheme() + "://" + host + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** A last guard on the body as the client hands it on. */
    private final class Capped extends FilterInputStream {
        private final URI uri;
        private long read;

        Capped(InputStream in, URI uri) {
            super(in);
            this.uri = uri;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxResponseBytes) {
                throw tooLarge(uri, "it was cut off while read");
            }
        }
    }
}
