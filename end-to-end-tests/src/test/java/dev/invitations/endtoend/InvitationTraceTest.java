package dev.invitations.endtoend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.localinfra.system.LocalSystem.Service;
import dev.invitations.portalclient.InvitationEmail;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.PortalClient.ContactDraft;
import dev.invitations.portalclient.PortalClient.InvitationDraft;
import dev.invitations.portalclient.PortalClient.TemplateDraft;
import dev.invitations.portalclient.SingleInvitationWalkthrough;
import dev.invitations.portalclient.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One invitation, one trace: the operator's send and the invitee's redemption carry a W3C {@code traceparent} the test
 * made up (as a tracing gateway or browser would), and the trace the services export to the local run's Zipkin holds
 * every hop, through the outbox and Kafka, across all four services, and the invitee's visit to the Invite Redemption
 * Page, whose lookup at invitation-service continues it. Read back from Zipkin's API, as a developer's viewer reads it.
 * No span carries the code, although the email's link hands it to the page in its query. An email held until its
 * template is activated is sent later, by the dispatcher, still in the trace of its send.
 */
@ExtendWith(RunningPortal.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvitationTraceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A span the trace must hold: its service, kind and a part of its name. */
    private record Expected(String service, String kind, String nameContains) implements Predicate<JsonNode> {
        @Override
        public boolean test(JsonNode span) {
            return service.equals(span.path("localEndpoint").path("serviceName").asText())
                    && kind.equals(span.path("kind").asText())
                    && span.path("name").asText().contains(nameContains);
        }

        @Override
        public String toString() {
            return service + " " + kind + " '" + nameContains + "'";
        }
    }

    private static final List<Expected> SEND = List.of(
            new Expected("invitation-service", "SERVER", "/send"),
            new Expected("invitation-service", "PRODUCER", Topics.INVITATION_SENT),
            new Expected("notification-service", "CONSUMER", Topics.INVITATION_SENT),
            new Expected("notification-service", "CLIENT", "smtp send"),
            new Expected("notification-service", "PRODUCER", Topics.INVITATION_EMAIL_DELIVERED),
            new Expected("invitation-service", "CONSUMER", Topics.INVITATION_EMAIL_DELIVERED));
    /** The invitee opens the email's link: the page looks the invitation up at invitation-service. */
    private static final List<Expected> PAGE = List.of(
            new Expected("portal-web", "SERVER", "/portal/redeem"),
            new Expected("invitation-service", "SERVER", "/invitations/lookup"));
    private static final List<Expected> REDEMPTION = List.of(
            new Expected("invitation-service", "SERVER", "/invitations/redeem"),
            new Expected("invitation-service", "PRODUCER", Topics.INVITATION_REDEEMED),
            new Expected("redemption-service", "CONSUMER", Topics.INVITATION_REDEEMED),
            new Expected("workflow-service", "CONSUMER", Topics.INVITATION_REDEEMED));

    private final HttpClient http = HttpClient.newHttpClient();
    private String traceId;
    private String code;
    private List<JsonNode> spans;

    @BeforeAll
    void sendAndRedeemInOneTrace(PortalClient portal, Mailbox mailbox, LocalSystem system) {
        String tag = Tags.next();
        JsonNode invitee = portal.createContact(new ContactDraft("Trace Invitee " + tag, "traced." + tag + "@example.com",
                null, null, "en"));
        UUID inviteeId = UUID.fromString(invitee.path("id").asText());
        UUID invitationId = UUID.fromString(portal.createInvitation(
                InvitationDraft.single("Traced " + tag, SingleInvitationWalkthrough.OWNER, inviteeId)).path("id").asText());

        traceId = randomHex(16);
        // Sampled (flags 01): the services' parent-based sampler keeps what the caller sampled.
        String traceparent = "00-" + traceId + "-" + randomHex(8) + "-01";
        PortalClient traced = portal.traced(traceparent);

        traced.send(invitationId);
        String address = invitee.path("emailAddress1").asText();
        ReceivedMail mail = await("the invitation email to " + address).atMost(RunningPortal.DEADLINE).pollInterval(POLL_INTERVAL)
                .until(() -> mailbox.messagesTo(address), mails -> !mails.isEmpty()).get(0);
        code = InvitationEmail.of(mail).code();
        openTheLinkOnThePage(system, traceparent);
        traced.redeem(code, inviteeId).expect(200);

        URI trace = system.traceViewer().orElseThrow().api().resolve("trace/" + traceId);
        List<Expected> expected = new ArrayList<>(SEND);
        expected.addAll(PAGE);
        expected.addAll(REDEMPTION);
        // Spans leave each service in batches (the SDK's batch span processor): the trace fills up over a few seconds.
        spans = await("every expected span of trace " + traceId).atMost(RunningPortal.DEADLINE).pollInterval(POLL_INTERVAL)
                .until(() -> spansOf(trace), found -> expected.stream().allMatch(one -> found.stream().anyMatch(one)));
    }

    @Test
    void theSendIsOneTraceFromTheOperatorsCallToTheDeliveryReport() {
        assertAll(SEND.stream().map(one -> () -> assertTrue(spans.stream().anyMatch(one), one + " in " + summary())));
    }

    @Test
    void theRedemptionContinuesTheSameTraceIntoRedemptionAndWorkflowService() {
        assertAll(REDEMPTION.stream().map(one -> () -> assertTrue(spans.stream().anyMatch(one), one + " in " + summary())));
        assertEquals(List.of("invitation-service", "notification-service", "portal-web", "redemption-service", "workflow-service"),
                spans.stream().map(span -> span.path("localEndpoint").path("serviceName").asText()).distinct().sorted().toList(),
                "the one trace spans all four services and the page");
    }

    @Test
    void thePageContinuesTheTraceIntoItsCallToInvitationService() {
        assertAll(PAGE.stream().map(one -> () -> assertTrue(spans.stream().anyMatch(one), one + " in " + summary())));
        JsonNode lookup = only(spans, new Expected("invitation-service", "SERVER", "/invitations/lookup"));
        assertTrue(spans.stream().anyMatch(span -> "portal-web".equals(span.path("localEndpoint").path("serviceName").asText())
                        && span.path("id").asText().equals(lookup.path("parentId").asText())),
                "invitation-service's lookup descends from a span of portal-web: " + summary());
    }

    @Test
    void theSmtpSpanAndTheReportDescendFromTheConsumedInvitationSent() {
        assertSentAndReportedInTheConsumedEventsTrace(spans);
    }

    /**
     * An email held because its template is inactive is sent by the dispatcher when the template is activated, from
     * its stored row, long after the event's handling ended; the activation call itself carries no trace.
     */
    @Test
    void aHeldEmailIsSentAndReportedInTheTraceOfTheSendThatAskedForIt(PortalClient portal, Mailbox mailbox, LocalSystem system) {
        String tag = Tags.next();
        String key = "traced-held-" + tag;
        // A new template starts inactive: the email is held until the activation below.
        assertEquals(201, portal.saveTemplate(key, new TemplateDraft("Held " + tag,
                "<p><a href=\"{redemptionUrl}\">Join</a> (code {invitation.code})</p>",
                "Join: {redemptionUrl} (code {invitation.code})", null, null)).status());
        JsonNode invitee = portal.createContact(new ContactDraft("Held Invitee " + tag, "held.traced." + tag + "@example.com",
                null, null, "en"));
        UUID invitationId = UUID.fromString(portal.createInvitation(InvitationDraft.single("Held " + tag,
                SingleInvitationWalkthrough.OWNER, UUID.fromString(invitee.path("id").asText())).mailedWith(key)).path("id").asText());
        String heldTraceId = randomHex(16);
        portal.traced("00-" + heldTraceId + "-" + randomHex(8) + "-01").send(invitationId);
        await("the email to be held").atMost(RunningPortal.DEADLINE).pollInterval(POLL_INTERVAL)
                .until(() -> portal.deliveries(invitationId), found -> !found.isEmpty()
                        && "HELD".equals(found.get(0).path("status").asText()));

        portal.activateTemplate(key);

        String address = invitee.path("emailAddress1").asText();
        await("the released email to " + address).atMost(RunningPortal.DEADLINE).pollInterval(POLL_INTERVAL)
                .until(() -> mailbox.messagesTo(address), mails -> !mails.isEmpty());
        URI trace = system.traceViewer().orElseThrow().api().resolve("trace/" + heldTraceId);
        List<JsonNode> held = await("the held email's spans in trace " + heldTraceId).atMost(RunningPortal.DEADLINE)
                .pollInterval(POLL_INTERVAL)
                .until(() -> spansOf(trace), found -> SEND.stream().allMatch(one -> found.stream().anyMatch(one)));
        assertSentAndReportedInTheConsumedEventsTrace(held);
    }

    @Test
    void noSpanCarriesTheInvitationCode() {
        assertFalse(code.isBlank());
        List<String> leaks = spans.stream()
                .flatMap(span -> span.path("tags").properties().stream()
                        .filter(tag -> tag.getValue().asText().contains(code))
                        .map(tag -> span.path("name").asText() + " " + tag.getKey()))
                .toList();
        assertEquals(List.of(), leaks);
        assertTrue(spans.stream().noneMatch(span -> span.path("name").asText().contains(code)));
    }

    /**
     * As the invitee's browser does with the email's link: the page keeps the code in a cookie and redirects to itself,
     * then shows the invitation, which it looks up at invitation-service. Both requests carry the trace.
     */
    private void openTheLinkOnThePage(LocalSystem system, String traceparent) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        URI page = system.service(Service.PORTAL_WEB).baseUrl().resolve("/portal/redeem");
        HttpResponse<String> link = send(browser, HttpRequest.newBuilder(URI.create(page + "?code=" + code + "&lang=en"))
                .header("traceparent", traceparent));
        HttpResponse<String> shown = send(browser, HttpRequest.newBuilder(page).header("traceparent", traceparent));
        assertEquals(303, link.statusCode(), link.body());
        assertEquals(200, shown.statusCode(), shown.body());
        assertTrue(shown.body().contains("Traced "), "the page shows the invitation it looked up");
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * The relay's produce span is the parent of notification-service's consumption, which is the parent of the one SMTP
     * span, which is the parent of the report's publication. Delivery is at least once: after a rebalance the record
     * may be consumed twice (the second time is recognised as handled and sends nothing), so each consumption is
     * checked and the SMTP span's parent is one of them.
     */
    private static void assertSentAndReportedInTheConsumedEventsTrace(List<JsonNode> spans) {
        JsonNode produce = only(spans, new Expected("invitation-service", "PRODUCER", Topics.INVITATION_SENT));
        List<JsonNode> consumptions = spans.stream().filter(new Expected("notification-service", "CONSUMER", Topics.INVITATION_SENT)).toList();
        JsonNode smtp = only(spans, new Expected("notification-service", "CLIENT", "smtp send"));
        JsonNode report = only(spans, new Expected("notification-service", "PRODUCER", Topics.INVITATION_EMAIL_DELIVERED));
        assertAll(
                () -> assertTrue(consumptions.stream().allMatch(consume -> produce.path("id").asText().equals(consume.path("parentId").asText())),
                        "the consumer continues the record's traceparent header, which the relay's produce span set: " + summary(spans)),
                () -> assertTrue(consumptions.stream().anyMatch(consume -> consume.path("id").asText().equals(smtp.path("parentId").asText())),
                        "the email is sent in the trace of the event that asked for it, whenever it is sent: " + summary(spans)),
                () -> assertEquals(smtp.path("id").asText(), report.path("parentId").asText(),
                        "the report, published later from the outbox, continues the SMTP span"));
    }

    private static JsonNode only(List<JsonNode> spans, Expected expected) {
        List<JsonNode> matching = spans.stream().filter(expected).toList();
        assertEquals(1, matching.size(), expected + " in " + summary(spans));
        return matching.get(0);
    }

    private List<JsonNode> spansOf(URI trace) {
        HttpResponse<String> response = send(http, HttpRequest.newBuilder(trace));
        if (response.statusCode() == 404) {
            return List.of();
        }
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> found = new ArrayList<>();
        try {
            JSON.readTree(response.body()).forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** A GET with a bounded wait. */
    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String summary() {
        return summary(spans);
    }

    private static String summary(List<JsonNode> spans) {
        Map<String, List<String>> byService = spans.stream().collect(Collectors.groupingBy(
                span -> span.path("localEndpoint").path("serviceName").asText(),
                Collectors.mapping(span -> span.path("kind").asText("INTERNAL") + " " + span.path("name").asText(), Collectors.toList())));
        return byService.toString();
    }
}
