package dev.invitations.portalclient;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The four services' HTTP APIs as a portal and an operator call them, and nothing else: the end-to-end tests and
 * the demo see the system only through this class and the mailbox. Calls that must succeed return the response
 * body and throw {@link UnexpectedReply} otherwise; calls whose refusal is part of the story ({@link #redeem},
 * {@link #saveTemplate}) return the whole {@link Reply}.
 */
public final class PortalClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private final PortalEndpoints endpoints;
    private final PortalLogins logins;
    private final HttpClient http;
    /** A W3C trace context every call carries, continuing the caller's trace; null for none. */
    private final String traceparent;

    /** Every call carries an access token from the realm's identity provider, of the login that would make it. */
    public PortalClient(PortalEndpoints endpoints) {
        this(endpoints, HttpClient.Version.HTTP_2);
    }

    /**
     * @param version HTTP/1.1 calls as portal-web's REST client does. With HTTP/2 (the JDK client's default) Java 17's
     *                client fails every request in flight when a stopping server sends GOAWAY, also those the server
     *                completed (JDK-8335181): a caller then takes a redemption that happened for one that failed.
     */
    public PortalClient(PortalEndpoints endpoints, HttpClient.Version version) {
        this(endpoints, new PortalLogins(endpoints.identity()),
                HttpClient.newBuilder().version(version).connectTimeout(REQUEST_TIMEOUT).build(), null);
    }

    private PortalClient(PortalEndpoints endpoints, PortalLogins logins, HttpClient http, String traceparent) {
        this.endpoints = endpoints;
        this.logins = logins;
        this.http = http;
        this.traceparent = traceparent;
    }

    /**
     * The same client (logins, connections) whose calls carry {@code traceparent}: the services' spans of those calls
     * join the caller's trace, as they would a browser's or a gateway's that traces.
     */
    public PortalClient traced(String traceparent) {
        return new PortalClient(endpoints, logins, http, traceparent);
    }

    // --- redemption-service: accounts, web roles, access, Invite Redemption Activities ---

    public JsonNode createAccount(String name) {
        return post(logins.operator(), endpoints.redemptionService(), "/accounts", Map.of("name", name)).expect(201);
    }

    public JsonNode createWebRole(String name, String description) {
        return post(logins.operator(), endpoints.redemptionService(), "/web-roles", Map.of("name", name, "description", description))
                .expect(201);
    }

    /** The contact's parent account and web roles; a contact nothing was applied for has neither. */
    public JsonNode contactAccess(UUID contactId) {
        return get(logins.operator(), endpoints.redemptionService(), "/contacts/" + contactId + "/access").expect(200);
    }

    /** The Invite Redemption Activities of one invitation, oldest first. */
    public List<JsonNode> redemptionActivities(UUID invitationId) {
        return items(get(logins.operator(), endpoints.redemptionService(), "/redemption-activities?invitationId=" + invitationId)
                .expect(200).path("items"));
    }

    // --- workflow-service ---

    /** Registers a Serverless Workflow document (YAML); registering the same content again changes nothing. */
    public JsonNode registerWorkflow(String id, String yaml) {
        return send(logins.workflowEditor(), "PUT", endpoints.workflowService(), "/workflows/" + id, YAML, yaml).expect(200, 201);
    }

    /** The runs that redemptions of one invitation started, newest first. */
    public List<JsonNode> workflowRuns(UUID invitationId) {
        return items(get(logins.operator(), endpoints.workflowService(), "/workflow-runs?invitationId=" + invitationId).expect(200));
    }

    // --- invitation-service ---

    public JsonNode createContact(ContactDraft contact) {
        return post(logins.operator(), endpoints.invitationService(), "/contacts", contact).expect(201);
    }

    public JsonNode createInvitation(InvitationDraft invitation) {
        return post(logins.operator(), endpoints.invitationService(), "/invitations", invitation).expect(201);
    }

    public JsonNode invitation(UUID id) {
        return get(logins.operator(), endpoints.invitationService(), "/invitations/" + id).expect(200);
    }

    /** Sends one invitation: one email per invited contact who has not redeemed yet. */
    public JsonNode send(UUID invitationId) {
        return post(logins.operator(), endpoints.invitationService(), "/invitations/" + invitationId + "/send", Map.of()).expect(202);
    }

    /** The seed's "select many, send once": what was sent, and each invitation refused with its reason. */
    public JsonNode sendAll(List<UUID> invitationIds) {
        return post(logins.operator(), endpoints.invitationService(), "/invitations/send", Map.of("invitationIds", invitationIds))
                .expect(202);
    }

    public JsonNode revoke(UUID invitationId) {
        return post(logins.operator(), endpoints.invitationService(), "/invitations/" + invitationId + "/revoke", Map.of()).expect(200);
    }

    /**
     * What the portal's Invite Redemption Page does with a code once the contact signed in: the contact's own login
     * (its verified address is the contact's primary one) redeems it.
     */
    public Reply redeem(String code, UUID contactId) {
        JsonNode contact = get(logins.operator(), endpoints.invitationService(), "/contacts/" + contactId).expect(200);
        return redeemAs(logins.portalUser(contact.path("emailAddress1").asText(), contact.path("fullName").asText()), code);
    }

    /** Who redeemed one invitation: a contact id, name, address and time each, oldest first. */
    public List<JsonNode> redemptions(UUID invitationId) {
        return items(get(logins.operator(), endpoints.invitationService(), "/invitations/" + invitationId + "/redemptions")
                .expect(200));
    }

    /** Redeems a code with this portal user's access token. */
    public Reply redeemAs(String portalUserToken, String code) {
        return post(portalUserToken, endpoints.invitationService(), "/invitations/redeem", Map.of("code", code));
    }

    /** Any call, with this access token or with none ({@code null}): for what a caller without the role gets. */
    public Reply call(String tokenOrNull, String method, URI service, String path, Object jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path)).header("Content-Type", JSON)
                .method(method, HttpRequest.BodyPublishers.ofString(json(jsonBody), StandardCharsets.UTF_8));
        if (tokenOrNull != null) {
            request.header("Authorization", "Bearer " + tokenOrNull);
        }
        return exchange(request);
    }

    public PortalLogins logins() {
        return logins;
    }

    public PortalEndpoints endpoints() {
        return endpoints;
    }

    // --- notification-service ---

    /** Creates a template (inactive) or adds a version to an inactive one; 409 while it is active. */
    public Reply saveTemplate(String key, TemplateDraft template) {
        return send(logins.templateEditor(), "PUT", endpoints.notificationService(), "/templates/" + key, JSON, json(template));
    }

    public JsonNode template(String key) {
        return get(logins.templateEditor(), endpoints.notificationService(), "/templates/" + key).expect(200);
    }

    /** Activates a template; the answer says how many held emails it released. */
    public JsonNode activateTemplate(String key) {
        return post(logins.templateEditor(), endpoints.notificationService(), "/templates/" + key + "/activate", Map.of()).expect(200);
    }

    public JsonNode deactivateTemplate(String key) {
        return post(logins.templateEditor(), endpoints.notificationService(), "/templates/" + key + "/deactivate", Map.of()).expect(200);
    }

    /** Every email of one invitation, one per recipient per send, oldest first. */
    public List<JsonNode> deliveries(UUID invitationId) {
        return items(get(logins.operator(), endpoints.notificationService(), "/deliveries?invitationId=" + invitationId).expect(200));
    }

    /** One invitation's emails counted by status: {@code total, held, sending, sent, failed}. */
    public JsonNode deliverySummary(UUID invitationId) {
        return get(logins.operator(), endpoints.notificationService(), "/deliveries/summary?invitationId=" + invitationId)
                .expect(200);
    }

    // --- requests ---

    /** A contact as the operator enters it: only emailAddress1 ever receives invitations. */
    public record ContactDraft(String fullName, String emailAddress1, String emailAddress2, String emailAddress3,
                               String locale) {
    }

    public record Owner(String name, String email) {
    }

    /** An invitation as the operator fills it in; the withers add the optional attributes of the seed's table. */
    public record InvitationDraft(String name, String type, Owner owner, Instant expiresAt, UUID inviterContactId,
                                  List<UUID> invitedContactIds, UUID assignToAccountId, List<UUID> webRoleIds,
                                  String workflowId, Integer maxRedemptions, String templateKey) {

        public static InvitationDraft single(String name, Owner owner, UUID invitedContactId) {
            return new InvitationDraft(name, "SINGLE", owner, null, null, List.of(invitedContactId), null, null, null,
                    null, null);
        }

        public static InvitationDraft group(String name, Owner owner, List<UUID> invitedContactIds,
                                            int maxRedemptions) {
            return new InvitationDraft(name, "GROUP", owner, null, null, List.copyOf(invitedContactIds), null, null,
                    null, maxRedemptions, null);
        }

        public InvitationDraft expiringAt(Instant at) {
            return new InvitationDraft(name, type, owner, at, inviterContactId, invitedContactIds, assignToAccountId,
                    webRoleIds, workflowId, maxRedemptions, templateKey);
        }

        public InvitationDraft invitedBy(UUID contactId) {
            return new InvitationDraft(name, type, owner, expiresAt, contactId, invitedContactIds, assignToAccountId,
                    webRoleIds, workflowId, maxRedemptions, templateKey);
        }

        public InvitationDraft assigningAccount(UUID accountId) {
            return new InvitationDraft(name, type, owner, expiresAt, inviterContactId, invitedContactIds, accountId,
                    webRoleIds, workflowId, maxRedemptions, templateKey);
        }

        public InvitationDraft grantingWebRoles(UUID... roleIds) {
            return new InvitationDraft(name, type, owner, expiresAt, inviterContactId, invitedContactIds,
                    assignToAccountId, List.of(roleIds), workflowId, maxRedemptions, templateKey);
        }

        public InvitationDraft runningWorkflow(String id) {
            return new InvitationDraft(name, type, owner, expiresAt, inviterContactId, invitedContactIds,
                    assignToAccountId, webRoleIds, id, maxRedemptions, templateKey);
        }

        public InvitationDraft mailedWith(String key) {
            return new InvitationDraft(name, type, owner, expiresAt, inviterContactId, invitedContactIds,
                    assignToAccountId, webRoleIds, workflowId, maxRedemptions, key);
        }
    }

    /** A template's text in Qute; {@code from} overrides the invitation owner as sender. */
    public record TemplateDraft(String subject, String htmlBody, String textBody, String from,
                                String redemptionPageUrl) {
    }

    // --- HTTP ---

    /** One HTTP exchange: status, content type and the JSON body (a missing node when there was none). */
    public record Reply(String method, URI uri, int status, String contentType, JsonNode body) {

        /** The body, if the status is one of {@code expected}. */
        public JsonNode expect(int... expected) {
            if (Arrays.stream(expected).noneMatch(status -> status == this.status)) {
                throw new UnexpectedReply(this, expected);
            }
            return body;
        }

        /** True for an RFC 9457 problem document with this status, as every service answers errors. */
        public boolean isProblem(int expectedStatus) {
            return status == expectedStatus && contentType.startsWith("application/problem+json")
                    && body.path("status").asInt() == expectedStatus;
        }

        @Override
        public String toString() {
            return method + " " + uri + " -> " + status + " " + body;
        }
    }

    /** A call answered otherwise than the portal's story needs; the message shows the whole exchange. */
    public static final class UnexpectedReply extends RuntimeException {
        private final transient Reply reply;

        UnexpectedReply(Reply reply, int... expected) {
            super(reply + " (expected " + Arrays.stream(expected).mapToObj(Integer::toString)
                    .collect(Collectors.joining(" or ")) + ")");
            this.reply = reply;
        }

        public Reply reply() {
            return reply;
        }
    }

    private Reply get(String token, URI service, String path) {
        return exchange(HttpRequest.newBuilder(service.resolve(path)).header("Authorization", "Bearer " + token).GET());
    }

    private Reply post(String token, URI service, String path, Object body) {
        return send(token, "POST", service, path, JSON, json(body));
    }

    private Reply send(String token, String method, URI service, String path, String contentType, String body) {
        return exchange(HttpRequest.newBuilder(service.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private Reply exchange(HttpRequest.Builder builder) {
        if (traceparent != null) {
            builder.header("traceparent", traceparent);
        }
        HttpRequest request = builder.timeout(REQUEST_TIMEOUT).header("Accept", JSON).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = response.body().isEmpty() ? MissingNode.getInstance() : MAPPER.readTree(response.body());
            return new Reply(request.method(), request.uri(), response.statusCode(), contentType, body);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private static String json(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serializable as JSON: " + body, e);
        }
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
