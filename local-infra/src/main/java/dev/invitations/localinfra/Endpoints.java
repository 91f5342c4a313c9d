package dev.invitations.localinfra;

import dev.invitations.localinfra.identity.IdentityProvider;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.postgres.DatabaseRoles;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

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
 * @param identity              the OpenID Connect provider (Keycloak), or null when it was not asked for (the services'
 *                              own tests run without one)
 * @param codeKeys              the keys that protect invitation codes, generated for this run
 * @param databaseRoles         each service's own database login, owning only its schema; null when the database was
 *                              not started here (then every service uses {@code dbUsername})
 * @param kafkaCredentials      the Kafka logins (SASL/SCRAM) when the broker was started here: {@link #quarkusConfig()}
 *                              logs in as the super user, {@link #quarkusConfig(String)} as the service itself; null
 *                              when the cluster was not started here (then no client logs in)
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
        URI mailboxHttpUrl,
        IdentityProvider identity,
        CodeKeys codeKeys,
        DatabaseRoles databaseRoles,
        KafkaCredentials kafkaCredentials) {

    /** Which service reads which code key ({@code portal.codes.*}). */
    private static final Map<String, List<String>> CODE_KEYS_BY_SERVICE = Map.of(
            "invitation-service", List.of("portal.codes.lookup-key", "portal.codes.encryption-key"),
            "notification-service", List.of("portal.codes.encryption-key"));
    /** The services that call another service, with a client-credentials token of their own client: only they get its secret. */
    static final Set<String> CLIENT_CREDENTIALS_CALLERS = Set.of("invitation-service");
    /** The endpoints file holds secrets: its owner alone may read it. */
    private static final String OWNER_ONLY = "rw-------";

    public Endpoints {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(reactiveUrl, "reactiveUrl");
        Objects.requireNonNull(dbUsername, "dbUsername");
        Objects.requireNonNull(dbPassword, "dbPassword");
        Objects.requireNonNull(smtpHost, "smtpHost");
        Objects.requireNonNull(mailboxHttpUrl, "mailboxHttpUrl");
        Objects.requireNonNull(codeKeys, "codeKeys");
    }

    /** Without Kafka logins. */
    public Endpoints(String kafkaBootstrapServers, String jdbcUrl, String reactiveUrl, String dbUsername,
                     String dbPassword, String smtpHost, int smtpPort, int imapPort, URI mailboxHttpUrl,
                     IdentityProvider identity, CodeKeys codeKeys, DatabaseRoles databaseRoles) {
        this(kafkaBootstrapServers, jdbcUrl, reactiveUrl, dbUsername, dbPassword, smtpHost, smtpPort, imapPort,
                mailboxHttpUrl, identity, codeKeys, databaseRoles, null);
    }

    /** Without an identity provider, with freshly generated code keys. */
    public Endpoints(String kafkaBootstrapServers, String jdbcUrl, String reactiveUrl, String dbUsername,
                     String dbPassword, String smtpHost, int smtpPort, int imapPort, URI mailboxHttpUrl) {
        this(kafkaBootstrapServers, jdbcUrl, reactiveUrl, dbUsername, dbPassword, smtpHost, smtpPort, imapPort,
                mailboxHttpUrl, null, CodeKeys.generate(), null, null);
    }

    /** The identity provider, if one was asked for. */
    public Optional<IdentityProvider> identityProvider() {
        return Optional.ofNullable(identity);
    }

    /** The Quarkus configuration that points a service at this infrastructure (and turns Dev Services off). */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        if (kafkaCredentials != null) {
            kafkaCredentials.clientConfig(KafkaCredentials.ADMIN).forEach((key, value) -> config.put("kafka." + key, value));
        }
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

    /**
     * Everything one service (named by its module, {@code invitation-service}...) needs in the local run:
     * {@link #quarkusConfig()}, plus, when there is an identity provider, {@code quarkus.oidc.auth-server-url} (the
     * realm's issuer) and {@code portal.oidc.client-secret} (the secret of the client named after the
     * service), plus the code keys the service reads ({@code portal.codes.*}), and its own database login when the
     * database was started here ({@link DatabaseRoles}).
     */
    public Map<String, String> quarkusConfig(String service) {
        if (IdentityProvider.WEB_CLIENT.equals(service)) {
            return webConfig();
        }
        Map<String, String> config = new LinkedHashMap<>(quarkusConfig());
        if (identity != null) {
            config.put("quarkus.oidc.auth-server-url", identity.issuer().toString());
            if (CLIENT_CREDENTIALS_CALLERS.contains(service)) {
                config.put("portal.oidc.client-secret", identity.clientSecret(service));
            }
        }
        if (kafkaCredentials != null && KafkaCredentials.SERVICES.contains(service)) {
            config.put("kafka.sasl.jaas.config", kafkaCredentials.jaasConfig(service));
        }
        if (databaseRoles != null && DatabaseRoles.SCHEMAS.containsKey(service)) {
            config.put("quarkus.datasource.username", DatabaseRoles.username(service));
            config.put("quarkus.datasource.password", databaseRoles.password(service));
        }
        for (String key : CODE_KEYS_BY_SERVICE.getOrDefault(service, List.of())) {
            config.put(key, key.endsWith("lookup-key") ? codeKeys.lookupKey() : codeKeys.encryptionKey());
        }
        return Collections.unmodifiableMap(config);
    }

    /**
     * portal-web reads no database, broker or mail server: only the identity provider, where it signs people in as
     * the client {@value IdentityProvider#WEB_CLIENT}, whose secret it also uses for its own client-credentials token.
     */
    private Map<String, String> webConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        if (identity != null) {
            config.put("quarkus.oidc.auth-server-url", identity.issuer().toString());
            config.put("portal.oidc.client-secret", identity.webClientSecret());
        }
        return Collections.unmodifiableMap(config);
    }

    /**
     * Kafka client settings (producer, consumer, admin) for {@code user} ({@link KafkaCredentials#ADMIN},
     * {@link KafkaCredentials#OPERATOR} or a service): the bootstrap servers and, when the broker was started here,
     * that user's login.
     */
    public Map<String, Object> kafkaClientConfig(String user) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", kafkaBootstrapServers);
        if (kafkaCredentials != null) {
            config.putAll(kafkaCredentials.clientConfig(user));
        }
        return config;
    }

    /** {@link #quarkusConfig()} as environment variables, for launching a service as a process. */
    public Map<String, String> environment() {
        return asEnvironment(quarkusConfig());
    }

    /**
     * {@link #quarkusConfig(String)} as environment variables: {@code QUARKUS_OIDC_AUTH_SERVER_URL},
     * {@code PORTAL_OIDC_CLIENT_SECRET}, {@code PORTAL_CODES_LOOKUP_KEY}, {@code PORTAL_CODES_ENCRYPTION_KEY}
     * on top of {@link #environment()}.
     */
    public Map<String, String> environment(String service) {
        return asEnvironment(quarkusConfig(service));
    }

    private static Map<String, String> asEnvironment(Map<String, String> config) {
        Map<String, String> environment = new LinkedHashMap<>();
        config.forEach((key, value) -> environment.put(environmentVariableName(key), value));
        return Collections.unmodifiableMap(environment);
    }

    /** MicroProfile Config's rule: every character that is not a letter or digit becomes '_', then upper case. */
    public static String environmentVariableName(String configKey) {
        return configKey.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    public String imapUrl() {
        return "imap://" + smtpHost + ":" + imapPort;
    }

    /** A few aligned lines for a console: where everything is and how to log in. */
    public String describe() {
        return String.join("\n",
                "  Kafka       " + kafkaBootstrapServers + (kafkaCredentials == null ? ""
                        : "  (SASL_PLAINTEXT, SCRAM-SHA-512: user admin, password " + kafkaCredentials.password(KafkaCredentials.ADMIN)
                        + "; operator reads the event topics and writes commands (./send-command.sh), password " + kafkaCredentials.password(KafkaCredentials.OPERATOR) + ")"),
                "  PostgreSQL  " + jdbcUrl + "  (user " + dbUsername + ", password " + dbPassword
                        + (databaseRoles == null ? ")" : "; each service logs in as <schema>_service, owning only its schema)"),
                "  SMTP        " + smtpHost + ":" + smtpPort + "  (no authentication, no TLS)",
                "  IMAP        " + imapUrl() + "  (user: the recipient address, any password)",
                "  Mailbox     " + mailboxHttpUrl + "  (JSON: " + mailboxHttpUrl.resolve("/api/messages") + ")")
                + (identity == null ? "" : "\n" + identity.describe());
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
        properties.setProperty("codes.lookupKey", codeKeys.lookupKey());
        properties.setProperty("codes.encryptionKey", codeKeys.encryptionKey());
        if (databaseRoles != null) {
            databaseRoles.passwords().forEach((service, password) -> properties.setProperty("db.password." + service, password));
        }
        if (kafkaCredentials != null) {
            kafkaCredentials.passwords().forEach((user, password) -> properties.setProperty("kafka.password." + user, password));
        }
        if (identity != null) {
            properties.setProperty("identity.baseUrl", identity.baseUrl().toString());
            properties.setProperty("identity.realm", identity.realm());
            identity.clientSecrets().forEach((client, secret) ->
                    properties.setProperty("identity.clientSecret." + client, secret));
            if (identity.adminUsername() != null) {
                properties.setProperty("identity.adminUsername", identity.adminUsername());
                properties.setProperty("identity.adminPassword", identity.adminPassword());
            }
        }
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        // Created owner-only before anything is written: it holds the client secrets and the code keys.
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
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
                URI.create(required(properties, "mailboxHttpUrl")),
                identityFrom(properties),
                new CodeKeys(required(properties, "codes.lookupKey"), required(properties, "codes.encryptionKey")),
                databaseRolesFrom(properties),
                kafkaCredentialsFrom(properties));
    }

    private static KafkaCredentials kafkaCredentialsFrom(Properties properties) {
        String prefix = "kafka.password.";
        Map<String, String> passwords = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith(prefix))
                .forEach(key -> passwords.put(key.substring(prefix.length()), properties.getProperty(key)));
        return passwords.isEmpty() ? null : new KafkaCredentials(passwords);
    }

    private static DatabaseRoles databaseRolesFrom(Properties properties) {
        String prefix = "db.password.";
        Map<String, String> passwords = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith(prefix))
                .forEach(key -> passwords.put(key.substring(prefix.length()), properties.getProperty(key)));
        return passwords.isEmpty() ? null : new DatabaseRoles(passwords);
    }

    private static IdentityProvider identityFrom(Properties properties) {
        String baseUrl = properties.getProperty("identity.baseUrl");
        if (baseUrl == null) {
            return null;
        }
        String prefix = "identity.clientSecret.";
        Map<String, String> secrets = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith(prefix)).sorted()
                .forEach(key -> secrets.put(key.substring(prefix.length()), properties.getProperty(key)));
        return new IdentityProvider(URI.create(baseUrl), required(properties, "identity.realm"), secrets,
                properties.getProperty("identity.adminUsername"), properties.getProperty("identity.adminPassword"));
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("Endpoints file lacks " + key);
        }
        return value;
    }
}
