package dev.invitations.localinfra.mail;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Test helper over the local infrastructure's HTTP inbox: what the SMTP server received, by recipient.
 * <pre>
 * Mailbox mailbox = Mailbox.of(LocalInfrastructureTestResource.endpoints());
 * List&lt;ReceivedMail&gt; mails = mailbox.awaitMessagesTo("ada@example.com", 1, Duration.ofSeconds(10));
 * </pre>
 */
public final class Mailbox {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final TypeReference<List<ReceivedMail>> MAIL_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<MailReceipt>> RECEIPT_LIST = new TypeReference<>() {
    };

    private final URI messagesUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    public Mailbox(URI mailboxHttpUrl) {
        this.messagesUrl = mailboxHttpUrl.resolve("/api/messages");
    }

    public static Mailbox of(Endpoints endpoints) {
        return new Mailbox(endpoints.mailboxHttpUrl());
    }

    /** Every mail received so far, oldest first. */
    public List<ReceivedMail> messages() {
        return fetch(messagesUrl);
    }

    /** The mails delivered to {@code address} (as To, Cc or blind copy), oldest first. */
    public List<ReceivedMail> messagesTo(String address) {
        return fetch(URI.create(messagesUrl + "?to=" + URLEncoder.encode(address, StandardCharsets.UTF_8)));
    }

    /**
     * Waits until at least {@code count} mails were delivered to {@code address} and returns them all.
     *
     * @throws AssertionError if fewer arrived within {@code timeout}; the message lists those that did
     */
    public List<ReceivedMail> awaitMessagesTo(String address, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedMail> mails = messagesTo(address);
            if (mails.size() >= count) {
                return mails;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected at least " + count + " mail(s) to " + address + " within "
                        + timeout.toMillis() + " ms, got " + mails.size() + ": " + mails);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for mail to " + address, e);
            }
        }
    }

    /**
     * Removes the mails delivered to addresses of {@code domain} and returns one receipt (recipient, Message-ID, time)
     * per mailbox copy, oldest first. Mails that arrive later are left for the next call, so a caller that adds up the
     * receipts of successive calls counts every mail exactly once, however many thousands there are.
     */
    public List<MailReceipt> drain(String domain) {
        URI url = URI.create(messagesUrl + "/drain?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8));
        String body = send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        try {
            return ReceivedMail.JSON.readValue(body, RECEIPT_LIST);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable answer from " + url + ": " + body, e);
        }
    }

    /** Deletes every received mail, for a test that must start from an empty inbox. */
    public void purge() {
        send(HttpRequest.newBuilder(messagesUrl).timeout(REQUEST_TIMEOUT).DELETE().build());
    }

    private List<ReceivedMail> fetch(URI url) {
        String body = send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build());
        try {
            return ReceivedMail.JSON.readValue(body, MAIL_LIST);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable answer from " + url + ": " + body, e);
        }
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + request.method() + " " + request.uri(), e);
        }
    }
}
