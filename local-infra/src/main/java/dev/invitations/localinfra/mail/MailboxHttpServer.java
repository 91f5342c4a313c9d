package dev.invitations.localinfra.mail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.invitations.localinfra.process.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP inbox: a read-only view over GreenMail's in-memory store, plus a purge. GreenMail hands out received mail
 * only over IMAP/POP3 or its in-process Java API, and no library here serves it over HTTP, which is what tests in
 * other JVMs ({@link Mailbox}) and people with a browser need.
 * <ul>
 * <li>{@code GET /api/messages[?to=address]}: JSON array of {@link ReceivedMail}, oldest first</li>
 * <li>{@code DELETE /api/messages}: deletes every mail</li>
 * <li>{@code POST /api/messages/drain?domain=example.org}: removes the mails to that domain's addresses and answers one
 * {@link MailReceipt} per mailbox copy, oldest first: for counting a whole campaign without reading its bodies</li>
 * <li>{@code GET /}: the same mails as an HTML page, newest first</li>
 * </ul>
 */
public final class MailboxHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final MailServer mail;
    private final String imapUrl;

    private MailboxHttpServer(HttpServer server, ExecutorService executor, MailServer mail, String imapUrl) {
        this.server = server;
        this.executor = executor;
        this.mail = mail;
        this.imapUrl = imapUrl;
    }

    public static MailboxHttpServer start(MailServer mail, String imapUrl) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(FreePorts.LOOPBACK), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "mailbox-http");
            thread.setDaemon(true);
            return thread;
        });
        MailboxHttpServer inbox = new MailboxHttpServer(server, executor, mail, imapUrl);
        server.setExecutor(executor);
        server.createContext("/api/messages", inbox::handleApi);
        server.createContext("/", inbox::handlePage);
        server.start();
        LOG.info("Mailbox ready on {}", inbox.url());
        return inbox;
    }

    public URI url() {
        return URI.create("http://" + FreePorts.LOOPBACK + ":" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handleApi(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/messages/drain")) {
                handleDrain(exchange);
            } else if (!path.equals("/api/messages")) {
                respond(exchange, 404, "text/plain", "Not found");
            } else if (exchange.getRequestMethod().equals("GET")) {
                List<ReceivedMail> mails = mail.messages(queryParameter(exchange.getRequestURI(), "to"));
                respond(exchange, 200, "application/json", ReceivedMail.JSON.writeValueAsString(mails));
            } else if (exchange.getRequestMethod().equals("DELETE")) {
                mail.purge();
                exchange.sendResponseHeaders(204, -1);
            } else {
                exchange.getResponseHeaders().set("Allow", "GET, DELETE");
                respond(exchange, 405, "text/plain", "Method not allowed");
            }
        } catch (Exception e) {
            LOG.warn("Mailbox request {} failed", exchange.getRequestURI(), e);
            respond(exchange, 500, "text/plain", e.toString());
        } finally {
            exchange.close();
        }
    }

    /** A POST, because it removes what it answers; the domain is required so that no call empties every mailbox. */
    private void handleDrain(HttpExchange exchange) throws Exception {
        Optional<String> domain = queryParameter(exchange.getRequestURI(), "domain").filter(value -> !value.isBlank());
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            respond(exchange, 405, "text/plain", "Method not allowed");
        } else if (domain.isEmpty()) {
            respond(exchange, 400, "text/plain", "The query parameter domain is required, e.g. ?domain=example.org");
        } else {
            respond(exchange, 200, "application/json", ReceivedMail.JSON.writeValueAsString(mail.drain(domain.get())));
        }
    }

    private void handlePage(HttpExchange exchange) throws IOException {
        try {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/plain", "Not found");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "text/plain", "Method not allowed");
            } else {
                respond(exchange, 200, "text/html", page(mail.messages(Optional.empty())));
            }
        } catch (Exception e) {
            LOG.warn("Mailbox page failed", e);
            respond(exchange, 500, "text/plain", e.toString());
        } finally {
            exchange.close();
        }
    }

    private String page(List<ReceivedMail> mails) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Local mailbox</title>
                <style>body{font-family:sans-serif;margin:2em}article{border-top:1px solid #ccc;padding:1em 0}
                dt{font-weight:bold;float:left;width:6em}dd{margin-left:6em}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}
                iframe{width:100%;height:20em;border:1px solid #ccc}</style></head><body>
                """);
        html.append("<h1>Local mailbox: ").append(mails.size()).append(" mail(s)</h1>")
                .append("<p>JSON: <a href=\"/api/messages\">/api/messages</a> &middot; IMAP: ")
                .append(escape(imapUrl)).append(" (user: the recipient address, any password)</p>");
        List<ReceivedMail> newestFirst = new ArrayList<>(mails);
        Collections.reverse(newestFirst);
        for (ReceivedMail received : newestFirst) {
            html.append("<article><h2>").append(escape(Optional.ofNullable(received.subject()).orElse("(no subject)")))
                    .append("</h2><dl>")
                    .append(field("From", received.from()))
                    .append(field("To", String.join(", ", received.to())))
                    .append(field("Cc", String.join(", ", received.cc())))
                    .append(field("Bcc", String.join(", ", received.bcc())))
                    .append(field("Received", received.receivedAt().toString()))
                    .append(field("Message-ID", received.messageId()))
                    .append("</dl>");
            if (received.text() != null) {
                html.append("<pre>").append(escape(received.text())).append("</pre>");
            }
            if (received.html() != null) {
                // sandbox: the mail's HTML is shown, but runs no script and reaches nothing of this page.
                html.append("<iframe sandbox srcdoc=\"").append(escape(received.html())).append("\"></iframe>");
            }
            html.append("</article>");
        }
        return html.append("</body></html>").toString();
    }

    private static String field(String name, String value) {
        return value == null || value.isEmpty() ? "" : "<dt>" + name + "</dt><dd>" + escape(value) + "</dd>";
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static Optional<String> queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
