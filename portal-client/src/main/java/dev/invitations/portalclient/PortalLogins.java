package dev.invitations.portalclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.localinfra.identity.IdentityProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Access tokens from the realm's real identity provider, for each kind of caller: the realm's staff logins (password
 * grant of the public {@value IdentityProvider#CLI_CLIENT} client) and portal users. A portal user who does not exist
 * yet is created through Keycloak's admin API with a verified address, as registration and email verification at the
 * identity provider would leave them. Tokens are reused until shortly before they expire.
 */
public final class PortalLogins {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private final IdentityProvider identity;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    /**
     * Not in {@link #tokens}: a portal user's token is made inside {@code tokens.compute}, which needs the administrator's
     * token, and a compute within a compute of the same map fails ("Recursive update") when the keys share a bin.
     */
    private Token admin;
    // One password for the portal users this instance creates: they exist only on a local, throw-away identity provider.
    private final String portalUserPassword = "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    public PortalLogins(IdentityProvider identity) {
        this.identity = identity;
    }

    public IdentityProvider identityProvider() {
        return identity;
    }

    /** The realm's operator: invitations and contacts, accounts and web roles. */
    public String operator() {
        return devLogin("operator");
    }

    public String templateEditor() {
        return devLogin("template-editor");
    }

    public String workflowEditor() {
        return devLogin("workflow-editor");
    }

    /** The password of every portal user this instance creates: for signing in as one in a browser. */
    public String portalUserPassword() {
        return portalUserPassword;
    }

    /** A portal user whose verified address is {@code email}, created at the identity provider on first use. */
    public String portalUser(String email, String fullName) {
        return portalUser(email, fullName, true);
    }

    /**
     * What the identity provider answers when someone who registered with {@code email} but never verified it signs in:
     * the token endpoint's status and body. The portal realm verifies addresses by email, so it answers 400
     * ({@code invalid_grant}, "Account is not fully set up") instead of a token.
     */
    public HttpResponse<String> signInWithUnverifiedEmail(String email, String fullName) {
        String username = email.toLowerCase(Locale.ROOT);
        ensurePortalUser(username, fullName, false);
        return postForm(identity.tokenEndpoint(), Map.of("grant_type", "password", "client_id", IdentityProvider.CLI_CLIENT,
                "username", username, "password", portalUserPassword, "scope", "openid"));
    }

    private String portalUser(String email, String fullName, boolean verified) {
        String username = email.toLowerCase(Locale.ROOT);
        return tokens.compute("portal:" + username, (key, token) -> {
            if (token != null && token.fresh()) {
                return token;
            }
            ensurePortalUser(username, fullName, verified);
            return passwordGrant(username, portalUserPassword);
        }).value();
    }

    private String devLogin(String username) {
        return tokens.compute("dev:" + username, (key, token) -> token != null && token.fresh() ? token
                : passwordGrant(username, username)).value();
    }

    private Token passwordGrant(String username, String password) {
        JsonNode answer = postForm(identity.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", IdentityProvider.CLI_CLIENT, "username", username, "password", password, "scope", "openid"), 200);
        return new Token(answer.get("access_token").asText(), Instant.now().plusSeconds(answer.get("expires_in").asLong()));
    }

    private void ensurePortalUser(String email, String fullName, boolean verified) {
        String admin = adminToken();
        String[] names = fullName.strip().split("\\s+", 2);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", email);
        user.put("email", email);
        user.put("firstName", names[0]);
        user.put("lastName", names.length > 1 ? names[1] : names[0]);
        user.put("enabled", true);
        user.put("emailVerified", verified);
        user.put("credentials", List.of(Map.of("type", "password", "value", portalUserPassword, "temporary", false)));
        URI users = URI.create(identity.baseUrl() + "/admin/realms/" + identity.realm() + "/users");
        HttpResponse<String> created = send(HttpRequest.newBuilder(users).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json(user))));
        if (created.statusCode() == 409) {
            // Taken: by a user an earlier run made (then it gets this instance's password), or by another login.
            JsonNode found = read(send(HttpRequest.newBuilder(URI.create(users + "?exact=true&email="
                    + URLEncoder.encode(email, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + admin).GET()), 200);
            if (found.size() != 1 || !email.equals(found.get(0).path("username").asText())) {
                throw new IllegalStateException(email + " belongs to another login of the identity provider");
            }
            URI reset = URI.create(users + "/" + found.get(0).get("id").asText() + "/reset-password");
            read(send(HttpRequest.newBuilder(reset).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json(Map.of("type", "password", "value", portalUserPassword,
                            "temporary", false))))), 204);
        } else {
            read(created, 201);
        }
    }

    private String adminToken() {
        if (identity.adminUsername() == null) {
            throw new IllegalStateException("No administrator of the identity provider is known: portal users cannot be created");
        }
        synchronized (this) {
            if (admin == null || !admin.fresh()) {
                JsonNode answer = postForm(URI.create(identity.baseUrl() + "/realms/master/protocol/openid-connect/token"),
                        Map.of("grant_type", "password", "client_id", "admin-cli", "username", identity.adminUsername(),
                                "password", identity.adminPassword()), 200);
                admin = new Token(answer.get("access_token").asText(), Instant.now().plusSeconds(answer.get("expires_in").asLong()));
            }
            return admin.value();
        }
    }

    private JsonNode postForm(URI uri, Map<String, String> form, int expected) {
        return read(postForm(uri, form), expected);
    }

    private HttpResponse<String> postForm(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(TIMEOUT).build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + built.method() + " " + built.uri(), e);
        }
    }

    private static JsonNode read(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            // The body of a refused token request names the error, never the password sent.
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Token(String value, Instant expiresAt) {

        boolean fresh() {
            return Instant.now().plus(RENEW_BEFORE_EXPIRY).isBefore(expiresAt);
        }
    }
}
