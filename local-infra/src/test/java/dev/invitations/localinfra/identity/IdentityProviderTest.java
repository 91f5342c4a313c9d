package dev.invitations.localinfra.identity;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.LocalInfrastructure;
import dev.invitations.localinfra.LocalInfrastructureProcess;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Starts the infrastructure with its identity provider the way LocalSystem does (a child JVM, which starts Keycloak)
 * and proves the portal realm with real OpenID Connect requests: password grant, client credentials, refusals. The
 * last test stops it and looks for leftover processes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityProviderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private static LocalInfrastructureProcess infrastructure;
    private static IdentityProvider identity;

    @BeforeAll
    static void startInfrastructureWithKeycloak() throws IOException {
        Path baseDirectory = Path.of("target", "local-infra-identity").toAbsolutePath();
        long started = System.nanoTime();
        infrastructure = LocalInfrastructureProcess.start(baseDirectory, baseDirectory.resolve("local-infra.log"),
                Duration.ofMinutes(5), true, 0, 0);
        System.out.printf("Infrastructure with Keycloak ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        identity = infrastructure.endpoints().identity();
    }

    @AfterAll
    static void stopInfrastructure() {
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Test
    void theRealmAnswersWithTheIssuerTheServicesAreGiven() throws Exception {
        JsonNode discovery = getJson(identity.discovery());
        assertEquals(identity.issuer().toString(), discovery.path("issuer").asText());
        assertEquals(identity.tokenEndpoint().toString(), discovery.path("token_endpoint").asText());
        assertTrue(identity.issuer().toString().matches("http://127\\.0\\.0\\.1:\\d+/realms/portal"), identity::toString);

        // The issuer stays 127.0.0.1's when a request names the host otherwise: a token fetched through
        // localhost validates in a service configured with the issuer above.
        URI throughLocalhost = URI.create(identity.discovery().toString().replace("127.0.0.1", "localhost"));
        assertEquals(identity.issuer().toString(), getJson(throughLocalhost).path("issuer").asText());
    }

    @Test
    void eachServiceGetsItsIssuerItsOwnClientSecretAndTheCodeKeysItReads() {
        Endpoints endpoints = infrastructure.endpoints();
        Map<String, String> invitation = endpoints.environment("invitation-service");
        assertEquals(identity.issuer().toString(), invitation.get("QUARKUS_OIDC_AUTH_SERVER_URL"));
        assertEquals(identity.clientSecret("invitation-service"), invitation.get("PORTAL_OIDC_CLIENT_SECRET"));
        assertEquals(endpoints.codeKeys().lookupKey(), invitation.get("PORTAL_CODES_LOOKUP_KEY"));
        assertEquals(endpoints.codeKeys().encryptionKey(), invitation.get("PORTAL_CODES_ENCRYPTION_KEY"));
        Map<String, String> notification = endpoints.environment("notification-service");
        assertFalse(notification.containsKey("PORTAL_OIDC_CLIENT_SECRET"), "only a service that calls others gets its secret");
        assertEquals(endpoints.codeKeys().encryptionKey(), notification.get("PORTAL_CODES_ENCRYPTION_KEY"));
        assertFalse(notification.containsKey("PORTAL_CODES_LOOKUP_KEY"));
        Map<String, String> redemption = endpoints.environment("redemption-service");
        assertFalse(redemption.keySet().stream().anyMatch(name -> name.startsWith("PORTAL_CODES_")), redemption::toString);
        assertTrue(redemption.keySet().containsAll(endpoints.environment().keySet()));

        for (String key : List.of(endpoints.codeKeys().lookupKey(), endpoints.codeKeys().encryptionKey())) {
            assertEquals(32, Base64.getDecoder().decode(key).length, "32 random bytes, standard base64");
        }
        assertNotEquals(endpoints.codeKeys().lookupKey(), endpoints.codeKeys().encryptionKey());
        assertEquals(5, identity.clientSecrets().values().stream().distinct().count(), "a secret per client");
    }

    @Test
    void theEndpointsFileHoldingTheSecretsIsTheOwnersAlone() throws IOException {
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(infrastructure.endpointsFile())));
        assertEquals(infrastructure.endpoints(), Endpoints.readFrom(infrastructure.endpointsFile()));
    }

    @Test
    void theOperatorGetsATokenByPasswordGrantWithItsRolesAndProfile() throws Exception {
        JsonNode answer = passwordGrant("operator", "operator");
        assertEquals("Bearer", answer.path("token_type").asText());
        assertEquals(600, answer.path("expires_in").asInt(), "access tokens live 10 minutes");
        JsonNode token = claims(answer.path("access_token").asText());
        assertAll(
                () -> assertEquals(identity.issuer().toString(), token.path("iss").asText()),
                () -> assertEquals("operator", token.path("preferred_username").asText()),
                () -> assertEquals("operator@example.org", token.path("email").asText()),
                () -> assertTrue(token.path("email_verified").asBoolean(), token::toString),
                () -> assertEquals("Olivia Operator", token.path("name").asText()),
                () -> assertEquals(600, token.path("exp").asLong() - token.path("iat").asLong()),
                () -> assertEquals(List.of("accounts-admin", "invitations-operator"), roles(token)));
    }

    @Test
    void everyDevLoginHasTheRolesTheRealmFileGivesIt() throws Exception {
        for (IdentityProvider.DevLogin login : IdentityProvider.DEV_LOGINS) {
            JsonNode token = claims(passwordGrant(login.username(), login.password()).path("access_token").asText());
            assertTrue(roles(token).containsAll(login.roles()), login.username() + " has " + roles(token));
            assertEquals(login.email(), token.path("email").asText());
            assertEquals(login.name(), token.path("name").asText());
            if (login.roles().contains("portal")) {
                assertFalse(roles(token).contains("invitations-operator"), login.username() + " is no operator");
            } else {
                assertFalse(roles(token).contains("portal"), login.username() + " is staff, not a portal user");
            }
        }
    }

    @Test
    void eachServiceGetsATokenByClientCredentialsWithRoleService() throws Exception {
        for (String service : IdentityProvider.SERVICE_CLIENTS) {
            HttpResponse<String> response = token(Map.of("grant_type", "client_credentials", "client_id", service,
                    "client_secret", identity.clientSecret(service)));
            assertEquals(200, response.statusCode(), service + ": " + response.body());
            JsonNode token = claims(JSON.readTree(response.body()).path("access_token").asText());
            assertTrue(roles(token).contains("service"), service + " has " + roles(token));
            assertEquals(service, token.path("azp").asText());
            assertEquals(identity.issuer().toString(), token.path("iss").asText());
        }
    }

    @Test
    void aWrongPasswordOrSecretIsRefused() throws Exception {
        HttpResponse<String> wrongPassword = token(Map.of("grant_type", "password", "client_id",
                IdentityProvider.CLI_CLIENT, "username", "operator", "password", "not-the-password"));
        // Keycloak 26 answers 400 (RFC 6749: invalid_grant); older releases answered 401.
        assertTrue(wrongPassword.statusCode() == 400 || wrongPassword.statusCode() == 401, wrongPassword.body());
        assertEquals("invalid_grant", JSON.readTree(wrongPassword.body()).path("error").asText());

        HttpResponse<String> wrongSecret = token(Map.of("grant_type", "client_credentials", "client_id",
                "invitation-service", "client_secret", identity.clientSecret("redemption-service")));
        assertEquals(401, wrongSecret.statusCode(), wrongSecret.body());

        HttpResponse<String> noPasswordGrantForServices = token(Map.of("grant_type", "password", "client_id",
                "invitation-service", "client_secret", identity.clientSecret("invitation-service"),
                "username", "operator", "password", "operator"));
        assertTrue(noPasswordGrantForServices.statusCode() >= 400, noPasswordGrantForServices.body());
    }

    @Test
    void portalWebSignsInByAuthorizationCodeAndSelfRegistrationIsOpen() throws Exception {
        String query = form(Map.of("client_id", IdentityProvider.WEB_CLIENT, "response_type", "code", "scope", "openid",
                "redirect_uri", "http://localhost:8080/portal/callback"));
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(
                        URI.create(identity.issuer() + "/protocol/openid-connect/auth?" + query)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("/realms/portal/login-actions/registration?client_id=portal-web"),
                "the login page links to the registration page");

        String foreign = form(Map.of("client_id", IdentityProvider.WEB_CLIENT, "response_type", "code",
                "scope", "openid", "redirect_uri", "http://evil.example/callback"));
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(
                        URI.create(identity.issuer() + "/protocol/openid-connect/auth?" + foreign)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), "a redirect URI outside the portal's is refused");
    }

    @Test
    void theAdministratorLogsInToTheMasterRealm() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(identity.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password",
                        "client_id", "admin-cli", "username", identity.adminUsername(),
                        "password", identity.adminPassword())))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void theTestResourceStartsNoIdentityProvider() {
        assertEquals(null, LocalInfrastructureTestResource.endpoints().identity());
        assertFalse(LocalInfrastructureTestResource.endpoints().environment("invitation-service")
                .containsKey("QUARKUS_OIDC_AUTH_SERVER_URL"));
    }

    @Test
    void aProviderNamedByTheEnvironmentIsUsedInsteadOfStarted() throws Exception {
        Endpoints running = infrastructure.endpoints();
        Map<String, String> environment = new LinkedHashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", running.kafkaBootstrapServers(),
                "QUARKUS_DATASOURCE_JDBC_URL", running.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", running.dbUsername(),
                "QUARKUS_DATASOURCE_PASSWORD", running.dbPassword(),
                "QUARKUS_OIDC_AUTH_SERVER_URL", identity.issuer().toString()));
        Path base = Path.of("target", "local-infra-identity-reuse");
        try (LocalInfrastructure incomplete = new LocalInfrastructure(base, environment, true)) {
            IllegalStateException missing = assertThrows(IllegalStateException.class, incomplete::start);
            assertTrue(missing.getMessage().contains("PORTAL_INVITATION_SERVICE_CLIENT_SECRET"), missing.getMessage());
        }
        for (String service : IdentityProvider.SERVICE_CLIENTS) {
            environment.put(IdentityProvider.secretVariable(service), identity.clientSecret(service));
        }
        try (LocalInfrastructure reusing = new LocalInfrastructure(base, environment, true)) {
            IdentityProvider reused = reusing.start().identity();
            assertEquals(identity.issuer(), reused.issuer());
            assertEquals(identity.clientSecret("workflow-service"), reused.clientSecret("workflow-service"));
            assertFalse(Files.exists(base.resolve("keycloak")), "no Keycloak of its own");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void keycloakStopsWithTheInfrastructureAndLeavesNoProcess() throws Exception {
        Path baseDirectory = infrastructure.endpointsFile().getParent();
        URI keycloak = identity.baseUrl();
        List<ProcessHandle> keycloakProcesses = keycloakProcessesUnder(baseDirectory);
        assertTrue(keycloakProcesses.size() >= 3, "the watchdog, kc.sh and Keycloak's JVM run with kc.home.dir under "
                + baseDirectory + ": " + keycloakProcesses.stream().map(ProcessHandle::info).toList());
        infrastructure.close();
        for (ProcessHandle process : keycloakProcesses) {
            assertFalse(process.isAlive(), "left running: " + process.info());
        }
        assertThrows(ConnectException.class, () -> new Socket(keycloak.getHost(), keycloak.getPort()).close());
    }

    /** The watchdog, kc.sh and Keycloak's JVM: each has the run's kc.home.dir on its command line. */
    private static List<ProcessHandle> keycloakProcessesUnder(Path baseDirectory) {
        String marker = "-Dkc.home.dir=" + baseDirectory.resolve("keycloak");
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(marker))
                .toList();
    }

    private static JsonNode passwordGrant(String username, String password) throws Exception {
        HttpResponse<String> response = token(Map.of("grant_type", "password", "client_id", IdentityProvider.CLI_CLIENT,
                "username", username, "password", password));
        assertEquals(200, response.statusCode(), username + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> token(Map<String, String> parameters) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(identity.tokenEndpoint()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** A JWT's payload; its signature is the services' business. */
    private static JsonNode claims(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static List<String> roles(JsonNode token) {
        List<String> roles = new ArrayList<>();
        token.path("realm_access").path("roles").forEach(role -> roles.add(role.asText()));
        return roles.stream().filter(IdentityProvider.ROLES::contains).sorted().toList();
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
