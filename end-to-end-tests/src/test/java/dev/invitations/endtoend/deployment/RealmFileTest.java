package dev.invitations.endtoend.deployment;

import static dev.invitations.endtoend.deployment.Descriptors.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.localinfra.identity.IdentityProvider;
import dev.invitations.localinfra.system.LocalSystem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/keycloak/portal-realm.json, the one realm the local run, Compose and Kubernetes import, read against the
 * identity-provider contract the services are written to, and against local-infra, which copies it into its jar and
 * hands its placeholders their values. (local-infra's IdentityProviderTest proves it on a running Keycloak.)
 */
class RealmFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode realm;

    @BeforeAll
    static void readRealm() throws IOException {
        realm = JSON.readTree(Descriptors.REALM_FILE.toFile());
    }

    @Test
    void localInfraImportsThisVeryFile() throws IOException {
        try (InputStream copy = getClass().getClassLoader()
                .getResourceAsStream("dev/invitations/localinfra/keycloak/portal-realm.json")) {
            assertNotNull(copy, "local-infra's jar carries no realm: its build copies deploy/keycloak/portal-realm.json");
            assertArrayEquals(Files.readAllBytes(Descriptors.REALM_FILE), copy.readAllBytes(),
                    "local-infra's copy differs from deploy/keycloak/portal-realm.json: rebuild local-infra");
        }
    }

    @Test
    void theRealmIsPortalWithItsRolesTenMinuteTokensOpenRegistrationAndPortalByDefault() {
        assertEquals(IdentityProvider.REALM, realm.path("realm").asText());
        assertTrue(realm.path("enabled").asBoolean());
        assertEquals(600, realm.path("accessTokenLifespan").asInt(), "access tokens live 10 minutes");
        assertTrue(realm.path("registrationAllowed").asBoolean(), "portal users register themselves");
        assertTrue(realm.path("loginWithEmailAllowed").asBoolean());
        Set<String> roles = new TreeSet<>();
        realm.path("roles").path("realm").forEach(role -> roles.add(role.path("name").asText()));
        assertTrue(roles.containsAll(IdentityProvider.ROLES), "realm roles " + roles);
        String defaultRole = realm.path("defaultRole").path("name").asText();
        JsonNode defaults = null;
        for (JsonNode role : realm.path("roles").path("realm")) {
            if (role.path("name").asText().equals(defaultRole)) {
                defaults = role;
            }
        }
        assertNotNull(defaults, "the default role " + defaultRole + " is defined");
        assertTrue(texts(defaults.path("composites").path("realm")).contains("portal"),
                "a self-registered user is a portal user");
    }

    @Test
    void eachServiceIsAConfidentialClientWithAServiceAccountInRoleServiceAndASecretFromTheEnvironment() {
        for (String service : IdentityProvider.SERVICE_CLIENTS) {
            JsonNode client = client(service);
            assertFalse(client.path("publicClient").asBoolean(), service + " is confidential");
            assertTrue(client.path("serviceAccountsEnabled").asBoolean(), service + " has the client-credentials grant");
            assertFalse(client.path("standardFlowEnabled").asBoolean(), service + " signs no user in");
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean(), service + " takes no passwords");
            assertEquals("${" + IdentityProvider.secretVariable(service) + "}", client.path("secret").asText(),
                    service + "'s secret comes from the variable local-infra, Compose and Kubernetes set");
            JsonNode account = user("service-account-" + service);
            assertEquals(service, account.path("serviceAccountClientId").asText());
            assertEquals(List.of("service"), texts(account.path("realmRoles")), service + "'s service account");
        }
    }

    @Test
    void portalWebSignsUsersInWithTheCodeFlowAndPortalCliTakesPasswords() {
        JsonNode web = client(IdentityProvider.WEB_CLIENT);
        assertFalse(web.path("publicClient").asBoolean());
        assertTrue(web.path("standardFlowEnabled").asBoolean());
        assertEquals("${" + IdentityProvider.secretVariable(IdentityProvider.WEB_CLIENT) + "}", web.path("secret").asText());
        List<String> redirects = texts(web.path("redirectUris"));
        assertTrue(redirects.contains("http://localhost:${PORTAL_WEB_PORT:8080}/*")
                && redirects.contains("http://127.0.0.1:${PORTAL_WEB_PORT:8080}/*"), redirects::toString);

        JsonNode cli = client(IdentityProvider.CLI_CLIENT);
        assertTrue(cli.path("publicClient").asBoolean(), "portal-cli is public: curl has no secret to keep");
        assertTrue(cli.path("directAccessGrantsEnabled").asBoolean(), "portal-cli has the password grant");
        assertFalse(cli.path("serviceAccountsEnabled").asBoolean());
    }

    /**
     * The local run gives Keycloak portal-web's port alone; a deployment names portal-web's public origin, which Keycloak
     * allows besides (Compose, whose page is the local run's, needs neither).
     */
    @Test
    void portalWebMayReturnToTheLocalRunsPageAndToThePublicOriginADeploymentNames() {
        int port = 18080;
        Descriptors.assertPortalWebMayReturnTo(LocalSystem.redemptionPage(port), Map.of("PORTAL_WEB_PORT", String.valueOf(port)),
                "the local run");
        Descriptors.assertPortalWebMayReturnTo(URI.create("https://portal.test/portal/redeem"),
                Map.of("PORTAL_WEB_PUBLIC_ORIGIN", "https://portal.test"), "a deployment at https://portal.test");
    }

    @Test
    void theDevLoginsAreThereWithVerifiedAddressesNamesAndTheirRoles() {
        for (IdentityProvider.DevLogin login : IdentityProvider.DEV_LOGINS) {
            JsonNode user = user(login.username());
            assertEquals(login.email(), user.path("email").asText());
            assertTrue(user.path("emailVerified").asBoolean(), login.username());
            assertEquals(login.name(), user.path("firstName").asText() + " " + user.path("lastName").asText());
            assertEquals(login.password(), user.path("credentials").path(0).path("value").asText());
            assertFalse(user.path("credentials").path(0).path("temporary").asBoolean());
            assertTrue(texts(user.path("realmRoles")).containsAll(login.roles()), login.username());
        }
    }

    private static JsonNode client(String clientId) {
        return Descriptors.client(realm, clientId);
    }

    private static JsonNode user(String username) {
        for (JsonNode user : realm.path("users")) {
            if (user.path("username").asText().equals(username)) {
                return user;
            }
        }
        throw new AssertionError("No user " + username + " in " + Descriptors.REALM_FILE);
    }
}
