package dev.invitations.localinfra.identity;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The OpenID Connect provider the services trust: a Keycloak realm ({@value #REALM}) imported from
 * {@code deploy/keycloak/portal-realm.json}, the file docker-compose.yml and the Kubernetes manifests import too.
 *
 * @param baseUrl       Keycloak's root, e.g. {@code http://127.0.0.1:41234} (no trailing slash)
 * @param realm         the realm's name
 * @param clientSecrets the secrets of the confidential clients, by client id: all five ({@value #WEB_CLIENT} and the four
 *                      services') for a Keycloak started here; those the environment gives for a provider it names
 * @param adminUsername Keycloak's administrator (master realm), or null when the provider was not started here
 * @param adminPassword that administrator's password, or null
 */
public record IdentityProvider(URI baseUrl, String realm, Map<String, String> clientSecrets, String adminUsername,
                               String adminPassword) {

    public static final String REALM = "portal";
    /** The confidential clients with a service account (realm role {@code service}): one per service, named after it. */
    public static final List<String> SERVICE_CLIENTS =
            List.of("invitation-service", "redemption-service", "notification-service", "workflow-service");
    /** The portal's web front end: confidential, authorization code flow. */
    public static final String WEB_CLIENT = "portal-web";
    /** Public client with the password grant: for curl, the demo, tests and benchmarks. */
    public static final String CLI_CLIENT = "portal-cli";
    /** Every realm role. */
    public static final List<String> ROLES = List.of("invitations-operator", "templates-editor", "workflows-editor",
            "accounts-admin", "portal", "service");

    /** A login of the realm file, for local and development use only: its password is its username. */
    public record DevLogin(String username, String email, String name, List<String> roles) {
        public String password() {
            return username;
        }
    }

    /** The users deploy/keycloak/portal-realm.json creates. */
    public static final List<DevLogin> DEV_LOGINS = List.of(
            new DevLogin("operator", "operator@example.org", "Olivia Operator",
                    List.of("invitations-operator", "accounts-admin")),
            new DevLogin("template-editor", "template-editor@example.org", "Tom Templates", List.of("templates-editor")),
            new DevLogin("workflow-editor", "workflow-editor@example.org", "Wendy Workflows", List.of("workflows-editor")),
            new DevLogin("ada", "ada@example.org", "Ada Lovelace", List.of("portal")),
            new DevLogin("grace", "grace@example.org", "Grace Hopper", List.of("portal")));

    public IdentityProvider {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(realm, "realm");
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            baseUrl = URI.create(base.substring(0, base.length() - 1));
        }
        clientSecrets = Collections.unmodifiableMap(new LinkedHashMap<>(clientSecrets));
    }

    /** The realm's issuer, {@code <baseUrl>/realms/<realm>}: what {@code quarkus.oidc.auth-server-url} names. */
    public URI issuer() {
        return URI.create(baseUrl + "/realms/" + realm);
    }

    public URI tokenEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    /** The realm's OpenID Connect discovery document: answers 200 once the realm is there. */
    public URI discovery() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }

    /** Keycloak's administration console (log in to the master realm with {@link #adminUsername()}). */
    public URI adminConsole() {
        return URI.create(baseUrl + "/admin/");
    }

    /** The secret of a confidential client: a service's name, or {@value #WEB_CLIENT}. */
    public String clientSecret(String clientId) {
        String secret = clientSecrets.get(clientId);
        if (secret == null) {
            throw new IllegalArgumentException("No confidential client " + clientId + " in " + clientSecrets.keySet());
        }
        return secret;
    }

    /** The secret of {@value #WEB_CLIENT}, or null if the provider was given without it. */
    public String webClientSecret() {
        return clientSecrets.get(WEB_CLIENT);
    }

    /** A shell command that prints an access token of a dev login (password grant through {@value #CLI_CLIENT}). */
    public String tokenCommand(String username) {
        return "curl -s -d grant_type=password -d client_id=" + CLI_CLIENT + " -d username=" + username
                + " -d password=" + username + " " + tokenEndpoint() + " | jq -r .access_token";
    }

    /**
     * The environment variable that hands a client's secret to the realm import ({@code ${...}} placeholders of
     * portal-realm.json) and, when the provider is not started here, to this class:
     * {@code PORTAL_INVITATION_SERVICE_CLIENT_SECRET}, ..., {@code PORTAL_WEB_CLIENT_SECRET}.
     */
    public static String secretVariable(String clientId) {
        String name = clientId.startsWith("portal-") ? clientId.substring("portal-".length()) : clientId;
        return "PORTAL_" + name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT) + "_CLIENT_SECRET";
    }

    /** A few aligned lines for a console: where to log in, with what, and how to get a token. */
    public String describe() {
        StringBuilder lines = new StringBuilder();
        lines.append("  Keycloak    ").append(baseUrl).append("  (realm ").append(realm).append(", issuer ")
                .append(issuer()).append(')');
        if (adminUsername != null) {
            lines.append("\n  Admin       ").append(adminConsole()).append("  (user ").append(adminUsername)
                    .append(", password ").append(adminPassword).append("; this machine only)");
        }
        lines.append("\n  Logins      ")
                .append(DEV_LOGINS.stream().map(login -> login.username() + " (" + String.join(", ", login.roles()) + ")")
                        .collect(Collectors.joining(", ")))
                .append("\n              password = the username; local and development logins only");
        lines.append("\n  Token       ").append(tokenCommand("operator"));
        return lines.toString();
    }
}
