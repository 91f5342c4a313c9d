package dev.invitations.localinfra;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the running infrastructure listens and how to log in: what a service needs to be configured with.
 *
 * @param kafkaBootstrapServers Kafka's {@code host:port} list
 * @param jdbcUrl               PostgreSQL JDBC URL of the {@code portal} database
 * @param reactiveUrl           the same database as a Vert.x reactive client URL ({@code postgresql://host:port/db})
 * @param dbUsername            database user
 * @param dbPassword            database password
 * @param smtpHost              SMTP host (no authentication, no TLS)
 * @param smtpPort              SMTP port
 * @param imapPort              IMAP port on {@code smtpHost}: log in with the recipient address, any password
 * @param mailboxHttpUrl        the HTTP inbox: {@code GET /api/messages[?to=]}, {@code DELETE /api/messages}, {@code GET /}
 */
public record Endpoints(
        String kafkaBootstrapServers,
        String jdbcUrl,
        String reactiveUrl,
        String dbUsername,
        String dbPassword,
        String smtpHost,
        int smtpPort,
        int imapPort,
        URI mailboxHttpUrl) {

    public Endpoints {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(reactiveUrl, "reactiveUrl");
        Objects.requireNonNull(dbUsername, "dbUsername");
        Objects.requireNonNull(dbPassword, "dbPassword");
        Objects.requireNonNull(smtpHost, "smtpHost");
        Objects.requireNonNull(mailboxHttpUrl, "mailboxHttpUrl");
    }

    /** The Quarkus configuration that points a service at this infrastructure (and turns Dev Services off). */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.reactive.url", reactiveUrl);
        config.put("quarkus.datasource.username", dbUsername);
        config.put("quarkus.datasource.password", dbPassword);
        config.put("quarkus.mailer.host", smtpHost);
        config.put("quarkus.mailer.port", Integer.toString(smtpPort));
        config.put("quarkus.mailer.mock", "false");
        config.put("quarkus.mailer.start-tls", "DISABLED");
        config.put("quarkus.mailer.tls", "false");
        config.put("quarkus.devservices.enabled", "false");
        return Collections.unmodifiableMap(config);
    }

    /** {@link #quarkusConfig()} as environment variables, for launching a service as a process. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        quarkusConfig().forEach((key, value) -> environment.put(environmentVariableName(key), value));
        return Collections.unmodifiableMap(environment);
    }

    /** MicroProfile Config's rule: every character that is not a letter or digit becomes '_', then upper case. */
    static String environmentVariableName(String configKey) {
        return configKey.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    public String imapUrl() {
        return "imap://" + smtpHost + ":" + imapPort;
    }

    /** A few aligned lines for a console: where everything is and how to log in. */
    public String describe() {
        return String.join("\n",
                "  Kafka       " + kafkaBootstrapServers,
                "  PostgreSQL  " + jdbcUrl + "  (user " + dbUsername + ", password " + dbPassword + ")",
                "  SMTP        " + smtpHost + ":" + smtpPort + "  (no authentication, no TLS)",
                "  IMAP        " + imapUrl() + "  (user: the recipient address, any password)",
                "  Mailbox     " + mailboxHttpUrl + "  (JSON: " + mailboxHttpUrl.resolve("/api/messages") + ")");
    }

    /** Writes the endpoints as a properties file, atomically: a reader never sees half a file. */
    public void writeTo(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("kafkaBootstrapServers", kafkaBootstrapServers);
        properties.setProperty("jdbcUrl", jdbcUrl);
        properties.setProperty("reactiveUrl", reactiveUrl);
        properties.setProperty("dbUsername", dbUsername);
        properties.setProperty("dbPassword", dbPassword);
        properties.setProperty("smtpHost", smtpHost);
        properties.setProperty("smtpPort", Integer.toString(smtpPort));
        properties.setProperty("imapPort", Integer.toString(imapPort));
        properties.setProperty("mailboxHttpUrl", mailboxHttpUrl.toString());
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            properties.store(writer, "Local infrastructure endpoints");
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Endpoints readFrom(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return new Endpoints(
                required(properties, "kafkaBootstrapServers"),
                required(properties, "jdbcUrl"),
                required(properties, "reactiveUrl"),
                required(properties, "dbUsername"),
                required(properties, "dbPassword"),
                required(properties, "smtpHost"),
                Integer.parseInt(required(properties, "smtpPort")),
                Integer.parseInt(required(properties, "imapPort")),
                URI.create(required(properties, "mailboxHttpUrl")));
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("Endpoints file lacks " + key);
        }
        return value;
    }
}
