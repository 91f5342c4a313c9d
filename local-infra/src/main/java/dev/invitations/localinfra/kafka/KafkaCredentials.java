package dev.invitations.localinfra.kafka;

import dev.invitations.localinfra.CodeKeys;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Kafka logins (SASL/SCRAM-SHA-512 over {@code SASL_PLAINTEXT}) of the local broker: the super user
 * {@value #ADMIN} (the broker itself, tests and tools), one principal per service, allowed only its own topics, consumer
 * group and dead-letter topic ({@link KafkaAcls}), {@value #OPERATOR}, who may read the event topics and nothing
 * else, and {@value #REDRIVE}, who may move dead-lettered records back to the topics they came from.
 *
 * @param passwords each login's password, by user name; generated per run
 */
public record KafkaCredentials(Map<String, String> passwords) {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String REDRIVE = "redrive";
    public static final List<String> SERVICES = List.of(
            "invitation-service", "redemption-service", "notification-service", "workflow-service");
    public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    public static final String MECHANISM = "SCRAM-SHA-512";

    public KafkaCredentials {
        passwords = Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
        if (!passwords.keySet().equals(new LinkedHashMap<>(users()).keySet())) {
            throw new IllegalArgumentException("A password for each of " + users().keySet() + ", not " + passwords.keySet());
        }
    }

    private static Map<String, Boolean> users() {
        Map<String, Boolean> users = new LinkedHashMap<>();
        users.put(ADMIN, true);
        users.put(OPERATOR, true);
        users.put(REDRIVE, true);
        SERVICES.forEach(service -> users.put(service, true));
        return users;
    }

    public static KafkaCredentials generate() {
        Map<String, String> passwords = new LinkedHashMap<>();
        users().keySet().forEach(user -> passwords.put(user, randomPassword()));
        return new KafkaCredentials(passwords);
    }

    /** Letters and digits only: nothing in a JAAS line or a {@code --add-scram} argument needs quoting. */
    static String randomPassword() {
        return CodeKeys.randomSecret().replaceAll("[^A-Za-z0-9]", "");
    }

    public String password(String user) {
        return Objects.requireNonNull(passwords.get(user), () -> "No Kafka login " + user);
    }

    /** {@code sasl.jaas.config} for {@code user}. */
    public String jaasConfig(String user) {
        return jaasConfig(user, password(user));
    }

    /** {@code sasl.jaas.config} for a login whose password comes from elsewhere (a deployment's secret). */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The client settings (producer, consumer, admin) that log in as {@code user}, without the bootstrap servers. */
    public Map<String, String> clientConfig(String user) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("security.protocol", SECURITY_PROTOCOL);
        config.put("sasl.mechanism", MECHANISM);
        config.put("sasl.jaas.config", jaasConfig(user));
        return Collections.unmodifiableMap(config);
    }

    /** One line, for a child JVM's environment: {@code user=password,...}. */
    String serialize() {
        StringBuilder line = new StringBuilder();
        passwords.forEach((user, password) -> line.append(line.isEmpty() ? "" : ",").append(user).append('=').append(password));
        return line.toString();
    }

    static KafkaCredentials parse(String line) {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String entry : line.split(",")) {
            int equals = entry.indexOf('=');
            passwords.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return new KafkaCredentials(passwords);
    }
}
