package dev.invitations.endtoend.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.invitations.localinfra.DatabaseRoles;
import dev.invitations.localinfra.LocalSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading deployment descriptors, and the network addresses their settings name. */
final class Descriptors {

    /** The four services: each has its own database login and schema and its own Kafka login. */
    static final List<String> SERVICES =
            List.of("invitation-service", "redemption-service", "notification-service", "workflow-service");
    /** portal-web, the Invite Redemption Page: deployed like the services, with neither database nor Kafka. */
    static final String WEB = LocalSystem.Service.PORTAL_WEB.moduleName();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
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

    /** The code keys each service reads, and no other: the lookup key is invitation-service's alone. */
    static final Map<String, Set<String>> CODE_KEYS = Map.of(
            "invitation-service", Set.of("PORTAL_CODES_LOOKUP_KEY", "PORTAL_CODES_ENCRYPTION_KEY"),
            "notification-service", Set.of("PORTAL_CODES_ENCRYPTION_KEY"),
            "redemption-service", Set.of(),
            "workflow-service", Set.of());

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
