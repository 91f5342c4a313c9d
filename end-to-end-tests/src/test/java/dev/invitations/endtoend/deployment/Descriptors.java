package dev.invitations.endtoend.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading deployment descriptors, and the network addresses their settings name. */
final class Descriptors {

    static final List<String> SERVICES =
            List.of("invitation-service", "redemption-service", "notification-service", "workflow-service");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** host[:port] after "//" (URLs, JDBC URLs) or a whole "host:port" value (Kafka's bootstrap servers). */
    private static final Pattern URL_AUTHORITY = Pattern.compile("//([A-Za-z0-9.-]+)(?::(\\d+))?");
    private static final Pattern HOST_AND_PORT = Pattern.compile("([A-Za-z][A-Za-z0-9.-]*):(\\d+)");
    /** Addresses for the invitee's browser, not for the services: the portal's page that every email links to. */
    private static final Set<String> PUBLIC_ADDRESSES = Set.of("NOTIFICATION_REDEMPTION_PAGE_URL");

    private Descriptors() {
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
