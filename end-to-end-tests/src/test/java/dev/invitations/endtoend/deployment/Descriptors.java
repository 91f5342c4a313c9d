package dev.invitations.endtoend.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.invitations.localinfra.identity.IdentityProvider;
import dev.invitations.localinfra.postgres.DatabaseRoles;
import dev.invitations.localinfra.system.LocalSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reading deployment descriptors, the network addresses their settings name, and the realm file as Keycloak imports it
 * with a descriptor's environment.
 */
final class Descriptors {

    /** The four services: each has its own database login and schema and its own Kafka login. */
    static final List<String> SERVICES =
            List.of("invitation-service", "redemption-service", "notification-service", "workflow-service");
    /** portal-web, the Invite Redemption Page: deployed like the services, with neither database nor Kafka. */
    static final String WEB = LocalSystem.Service.PORTAL_WEB.moduleName();
    /** Everything built here that the descriptors run: the four services and portal-web. */
    static final List<String> APPLICATIONS = Stream.concat(SERVICES.stream(), Stream.of(WEB)).toList();
    /**
     * The applications that log in as their own client of the realm, with its secret as PORTAL_OIDC_CLIENT_SECRET:
     * invitation-service, the one service that calls others, and portal-web, which signs people in and looks codes up.
     */
    static final Set<String> OWN_CLIENT_LOGINS = Set.of("invitation-service", WEB);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** host[:port] after "//" (URLs, JDBC URLs) or a whole "host:port" value (Kafka's bootstrap servers). */
    private static final Pattern URL_AUTHORITY = Pattern.compile("//([A-Za-z0-9.-]+)(?::(\\d+))?");
    private static final Pattern HOST_AND_PORT = Pattern.compile("([A-Za-z][A-Za-z0-9.-]*):(\\d+)");
    /**
     * Addresses that the services do not connect to: the portal's page that every email links to (for the invitee's
     * browser) and the origins links may point at, and the issuer their tokens name (Keycloak's public address, an
     * identifier to compare).
     */
    private static final Set<String> PUBLIC_ADDRESSES = Set.of("NOTIFICATION_REDEMPTION_PAGE_URL",
            "NOTIFICATION_LINKS_ALLOWED_ORIGINS", "QUARKUS_OIDC_TOKEN_ISSUER");

    /** The code keys each application reads, and no other: the lookup key is invitation-service's alone. */
    static final Map<String, Set<String>> CODE_KEYS = Map.of(
            "invitation-service", Set.of("PORTAL_CODES_LOOKUP_KEY", "PORTAL_CODES_ENCRYPTION_KEY"),
            "notification-service", Set.of("PORTAL_CODES_ENCRYPTION_KEY"),
            "redemption-service", Set.of(),
            "workflow-service", Set.of(),
            WEB, Set.of());
    /** The key that seals portal-web's cookies and signs its CSRF tokens: 32 random bytes, base64. */
    static final String WEB_SESSION_KEY = "PORTAL_WEB_SESSION_KEY";
    /** Whether portal-web's cookies carry Secure; true unless set (PortalWebConfig). */
    static final String WEB_SECURE_COOKIES = "PORTAL_WEB_SESSION_SECURE_COOKIES";

    /** The variable that holds a service's own database password, in compose's .env and Kubernetes' Secret. */
    static String databasePasswordVariable(String module) {
        return "PORTAL_" + DatabaseRoles.SCHEMAS.get(module).toUpperCase(Locale.ROOT) + "_SERVICE_DB_PASSWORD";
    }

    /** The code-key variables among a service's environment variables. */
    static Set<String> codeKeysIn(Map<String, String> environment) {
        Set<String> given = new TreeSet<>(environment.keySet());
        given.removeIf(name -> !name.startsWith("PORTAL_CODES_"));
        return given;
    }

    /** The path of the Invite Redemption Page, as the local run's emails link to it. */
    static final String REDEMPTION_PAGE_PATH =
            LocalSystem.redemptionPage(LocalSystem.Service.PORTAL_WEB.defaultHttpPort()).getPath();
    /** The realm every deployment imports: Compose mounts it, Kubernetes makes it a ConfigMap, local-infra copies it. */
    static final Path REALM_FILE = ServiceConfiguration.repositoryRoot().resolve("deploy/keycloak/portal-realm.json");
    /** Where Keycloak's image imports realms from at start ({@code --import-realm}). */
    static final String KEYCLOAK_IMPORT_DIRECTORY = "/opt/keycloak/data/import";
    /** A Keycloak realm-import placeholder, {@code ${NAME}} or {@code ${NAME:default}}. */
    private static final Pattern REALM_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?}");

    private Descriptors() {
    }

    /** The environment variables the realm file's placeholders read and that have no default: Keycloak needs them. */
    static Set<String> realmVariablesWithoutDefault() {
        Set<String> variables = new TreeSet<>();
        try {
            Matcher placeholder = REALM_PLACEHOLDER.matcher(Files.readString(REALM_FILE));
            while (placeholder.find()) {
                if (placeholder.group(2) == null) {
                    variables.add(placeholder.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return variables;
    }

    /**
     * The realm file as Keycloak imports it with {@code environment}: each placeholder replaced by its variable's value,
     * else by its default; one with neither stays as it is.
     */
    static JsonNode realmImportedWith(Map<String, String> environment) {
        try {
            String imported = REALM_PLACEHOLDER.matcher(Files.readString(REALM_FILE)).replaceAll(placeholder ->
                    Matcher.quoteReplacement(environment.containsKey(placeholder.group(1))
                            ? environment.get(placeholder.group(1))
                            : placeholder.group(2) == null ? placeholder.group() : placeholder.group(2).substring(1)));
            return JSON.readTree(imported);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("No client " + clientId + " in " + REALM_FILE);
    }

    /**
     * The realm, imported with Keycloak's {@code environment}, lets portal-web's sign-in and sign-out return to
     * {@code page} and lets the page's origin call Keycloak from the browser: Keycloak refuses any other redirect.
     */
    static void assertPortalWebMayReturnTo(URI page, Map<String, String> environment, String where) {
        JsonNode web = client(realmImportedWith(environment), IdentityProvider.WEB_CLIENT);
        List<String> signIn = texts(web.path("redirectUris"));
        assertTrue(signIn.stream().anyMatch(allowed -> redirectAllows(allowed, page)),
                where + ": portal-web's sign-in may return to " + signIn + ", not to " + page);
        List<String> signOut = List.of(web.path("attributes").path("post.logout.redirect.uris").asText().split("##"));
        assertTrue(signOut.stream().anyMatch(allowed -> redirectAllows(allowed, page)),
                where + ": portal-web's sign-out may return to " + signOut + ", not to " + page);
        String origin = page.getScheme() + "://" + page.getRawAuthority();
        assertTrue(texts(web.path("webOrigins")).contains(origin),
                where + ": portal-web's web origins " + web.path("webOrigins") + " lack " + origin);
    }

    /** Keycloak's rule: an allowed redirect URI ending in {@code *} allows every URI it begins, another only itself. */
    private static boolean redirectAllows(String allowed, URI uri) {
        return allowed.endsWith("*") ? uri.toString().startsWith(allowed.substring(0, allowed.length() - 1))
                : allowed.equals(uri.toString());
    }

    /** The realm, imported with Keycloak's environment, sends its emails through notification-service's SMTP server. */
    static void assertRealmMailsThroughTheServerOf(Map<String, String> notification, Map<String, String> keycloak,
                                                   String where) {
        JsonNode smtp = realmImportedWith(keycloak).path("smtpServer");
        assertEquals(notification.get("QUARKUS_MAILER_HOST"), smtp.path("host").asText(),
                where + ": the realm's address verification mails go to notification-service's SMTP server");
        assertEquals(notification.get("QUARKUS_MAILER_PORT"), smtp.path("port").asText(),
                where + ": the realm's SMTP port is notification-service's");
    }

    /**
     * The emails link to portal-web: notification-service's page URL is portal-web's redemption page on an origin the
     * realm lets portal-web's sign-in return to, and portal-web's cookies carry Secure exactly when that origin is
     * https (a browser sends a Secure cookie back only over https; without Secure, an https page's cookies could
     * leak over http). Returns the page's URL.
     */
    static URI assertEmailsLinkToPortalWeb(Map<String, String> notification, Map<String, String> web,
                                           Map<String, String> keycloak, String where) {
        URI page = URI.create(notification.get("NOTIFICATION_REDEMPTION_PAGE_URL"));
        assertEquals(REDEMPTION_PAGE_PATH, page.getPath(), where + ": notification-service's page URL " + page);
        assertPortalWebMayReturnTo(page, keycloak, where);
        assertEquals(String.valueOf(page.getScheme().equals("https")), web.getOrDefault(WEB_SECURE_COOKIES, "true"),
                where + ": portal-web's " + WEB_SECURE_COOKIES + " for a page served at " + page);
        return page;
    }

    /**
     * Whether a value is 32 bytes in standard, padded base64, as the code keys and portal-web's session key must be:
     * deploy/compose-secrets.sh's key() writes them so (its secret() writes URL-safe base64 without padding).
     */
    static boolean is32BytesOfBase64(String value) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            return bytes.length == 32 && Base64.getEncoder().encodeToString(bytes).equals(value);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    /** The Keycloak release local-infra runs (its build writes it into local-infra.properties). */
    static String keycloakVersion() {
        Properties properties = new Properties();
        try (InputStream in = Descriptors.class.getClassLoader()
                .getResourceAsStream("dev/invitations/localinfra/local-infra.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-infra.properties is not on the classpath: build local-infra");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("keycloak.version");
    }

    /** Every document of a YAML file ("---"-separated), empty ones left out. */
    /** An application's manifests as quarkus-kubernetes generated them when the reactor packaged it. */
    static Path generatedManifest(String module) {
        Path manifest = ServiceConfiguration.repositoryRoot().resolve(module).resolve("target/kubernetes/kubernetes.yml");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException(manifest + " is missing: package " + module + " first (./mvnw package)");
        }
        return manifest;
    }

    /** The image jib builds for an application and its generated Deployment runs (the version is the project's). */
    static String image(String module) {
        return "docker.io/portal-invitations/" + module + ":1.0.0-SNAPSHOT";
    }

    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll().stream().filter(document -> document != null && !document.isNull()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Not valid YAML: " + file, e);
        }
    }

    static JsonNode document(Path file) {
        List<JsonNode> documents = documents(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " holds " + documents.size() + " documents, not one");
        }
        return documents.get(0);
    }

    /** A server a setting points at. */
    record Address(String host, Integer port) {
    }

    /**
     * The server a setting's value names for the service to connect to, if it names one (a URL, a JDBC URL,
     * host:port, or a bare host name).
     */
    static Optional<Address> addressIn(String settingName, String value) {
        if (PUBLIC_ADDRESSES.contains(settingName)) {
            return Optional.empty();
        }
        Matcher url = URL_AUTHORITY.matcher(value);
        if (url.find()) {
            return Optional.of(new Address(url.group(1), url.group(2) == null ? null : Integer.valueOf(url.group(2))));
        }
        Matcher hostAndPort = HOST_AND_PORT.matcher(value);
        if (hostAndPort.matches()) {
            return Optional.of(new Address(hostAndPort.group(1), Integer.valueOf(hostAndPort.group(2))));
        }
        return settingName.endsWith("_HOST") && !value.equals("0.0.0.0")
                ? Optional.of(new Address(value, null)) : Optional.empty();
    }
}
