package dev.invitations.localinfra;

import dev.invitations.localinfra.identity.IdentityProvider;
import dev.invitations.localinfra.identity.KeycloakServer;
import dev.invitations.localinfra.kafka.KafkaBroker;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.localinfra.mail.MailServer;
import dev.invitations.localinfra.mail.MailboxHttpServer;
import dev.invitations.localinfra.postgres.DatabaseRoles;
import dev.invitations.localinfra.postgres.PostgresServer;
import dev.invitations.localinfra.process.FreePorts;
import dev.invitations.localinfra.system.LocalSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL, Kafka and SMTP/IMAP servers, and on request an OpenID Connect provider (Keycloak), for one developer
 * machine or one test JVM, all on 127.0.0.1, with state under a base directory (wiped at start: every run begins
 * empty, and so every run generates its own client secrets and {@link CodeKeys code keys}). Servers that the
 * environment already names are used instead of started:
 * <ul>
 * <li>{@code KAFKA_BOOTSTRAP_SERVERS}: no Kafka broker is started;</li>
 * <li>{@code QUARKUS_DATASOURCE_JDBC_URL} with {@code QUARKUS_DATASOURCE_USERNAME} and
 * {@code QUARKUS_DATASOURCE_PASSWORD} (and optionally {@code QUARKUS_DATASOURCE_REACTIVE_URL}): no PostgreSQL;</li>
 * <li>{@code QUARKUS_OIDC_AUTH_SERVER_URL} ({@code <keycloak>/realms/<realm>}) with the client secrets that provider
 * was given ({@link IdentityProvider#secretVariable}: {@code PORTAL_INVITATION_SERVICE_CLIENT_SECRET}...): no
 * Keycloak.</li>
 * </ul>
 * Keycloak is the slowest to start (seconds, against PostgreSQL's and Kafka's one or two), so it starts first, beside
 * the others. The services' own tests do not ask for it: they use tokens they sign themselves.
 * This class runs the Kafka broker inside the calling JVM: services and their tests should use it through
 * {@link LocalInfrastructureProcess} (a child JVM) instead, which is what {@link LocalInfrastructureTestResource} and
 * {@link LocalSystem} do.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    private static final String JDBC_URL = "QUARKUS_DATASOURCE_JDBC_URL";
    private static final String REACTIVE_URL = "QUARKUS_DATASOURCE_REACTIVE_URL";
    private static final String DB_USERNAME = "QUARKUS_DATASOURCE_USERNAME";
    private static final String DB_PASSWORD = "QUARKUS_DATASOURCE_PASSWORD";
    private static final String OIDC_AUTH_SERVER_URL = "QUARKUS_OIDC_AUTH_SERVER_URL";
    /** Comma-separated server modules a started PostgreSQL loads, e.g. pg_stat_statements for a benchmark. */
    static final String POSTGRES_PRELOAD_LIBRARIES = "PORTAL_POSTGRES_SHARED_PRELOAD_LIBRARIES";

    private static final Logger LOG = LoggerFactory.getLogger(LocalInfrastructure.class);

    private final Path baseDirectory;
    private final Map<String, String> environment;
    private final boolean identityProvider;
    /** Started servers, the last one first: close() stops them in reverse order of start. */
    private final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;
    private volatile Endpoints endpoints;
    /** The broker started here, replaced by {@link #restartKafka}; null when the environment names a cluster. */
    private volatile KafkaBroker kafkaBroker;

    public LocalInfrastructure(Path baseDirectory) {
        this(baseDirectory, System.getenv());
    }

    /** @param environment where to look for servers to reuse (normally {@link System#getenv()}) */
    public LocalInfrastructure(Path baseDirectory, Map<String, String> environment) {
        this(baseDirectory, environment, false);
    }

    /**
     * @param environment      where to look for servers to reuse (normally {@link System#getenv()})
     * @param identityProvider whether to provide an OpenID Connect provider too (Keycloak, unless the environment
     *                         names one)
     */
    public LocalInfrastructure(Path baseDirectory, Map<String, String> environment, boolean identityProvider) {
        this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
        this.identityProvider = identityProvider;
    }

    /**
     * Starts what the environment does not provide and returns where everything listens. If anything fails to start,
     * what did start is stopped before the exception propagates.
     */
    public Endpoints start() throws Exception {
        if (endpoints != null || closed) {
            throw new IllegalStateException("A LocalInfrastructure starts once");
        }
        CompletableFuture<KeycloakServer> keycloakStart = null;
        CompletableFuture<PostgresServer> postgresStart = null;
        KeycloakServer keycloak = null;
        PostgresServer postgres = null;
        try {
            Files.createDirectories(baseDirectory);
            // First, because Keycloak sends its emails (a registrant's address verification) through it.
            MailServer mail = started(MailServer.start());
            MailboxHttpServer mailbox = started(MailboxHttpServer.start(mail, "imap://127.0.0.1:" + mail.imapPort()));
            IdentityProvider identity = null;
            if (identityProvider) {
                identity = configuredIdentityProvider().orElse(null);
                if (identity == null) {
                    // Keycloak and PostgreSQL run in processes of their own: they start beside Kafka's in-JVM startup.
                    keycloakStart = inBackground("keycloak-start",
                            () -> KeycloakServer.start(baseDirectory.resolve("keycloak"), environment, mail.smtpPort()));
                } else {
                    LOG.info("Using the OpenID Connect provider of {}: {}", OIDC_AUTH_SERVER_URL, identity.issuer());
                }
            }
            Database database = configuredDatabase().orElse(null);
            // A database named by the environment is used with the login it names; one started here gets a login per service.
            DatabaseRoles roles = database == null ? DatabaseRoles.generate() : null;
            if (database == null) {
                List<String> preload = configured(POSTGRES_PRELOAD_LIBRARIES)
                        .map(libraries -> List.of(libraries.strip().split("\\s*,\\s*"))).orElse(List.of());
                postgresStart = inBackground("postgres-start", () -> PostgresServer.start(baseDirectory, roles, preload));
            } else {
                LOG.info("Using the PostgreSQL database of {}: {}", JDBC_URL, database.jdbcUrl());
            }
            String kafka = configured(KAFKA_BOOTSTRAP_SERVERS).orElse(null);
            // A cluster named by the environment is used as it is; the broker started here gets a login per service.
            KafkaCredentials kafkaCredentials = null;
            if (kafka == null) {
                kafkaCredentials = KafkaCredentials.generate();
                kafkaBroker = KafkaBroker.start(baseDirectory.resolve("kafka"), kafkaCredentials);
                kafka = kafkaBroker.bootstrapServers();
                // Whichever broker runs when close() comes, the first or one restartKafka() started.
                started((AutoCloseable) this::stopKafka);
            } else {
                LOG.info("Using the Kafka cluster of {}: {}", KAFKA_BOOTSTRAP_SERVERS, kafka);
            }
            if (postgresStart != null) {
                postgres = started(await(postgresStart));
                database = new Database(postgres.jdbcUrl(), postgres.reactiveUrl(),
                        PostgresServer.USER, PostgresServer.PASSWORD, roles);
            }
            if (keycloakStart != null) {
                keycloak = started(await(keycloakStart));
                identity = keycloak.identityProvider();
            }
            endpoints = new Endpoints(kafka, database.jdbcUrl(), database.reactiveUrl(), database.username(),
                    database.password(), FreePorts.LOOPBACK, mail.smtpPort(), mail.imapPort(), mailbox.url(),
                    identity, CodeKeys.generate(), database.roles(), kafkaCredentials);
            return endpoints;
        } catch (Exception | Error e) {
            // Let what is still starting finish, so that close() stops it rather than it starting after this gave up.
            if (postgresStart != null && postgres == null) {
                finishStarting(postgresStart, e);
            }
            if (keycloakStart != null && keycloak == null) {
                finishStarting(keycloakStart, e);
            }
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> void finishStarting(CompletableFuture<T> start, Throwable failure) {
        try {
            started(await(start));
        } catch (Exception secondary) {
            // The start that failed is the failure itself when it was the one awaited.
            if (secondary != failure) {
                failure.addSuppressed(secondary);
            }
        }
    }

    /** A server's start on a daemon thread of its own. */
    private static <T> CompletableFuture<T> inBackground(String name, Callable<T> start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start.call();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static <T> T await(CompletableFuture<T> start) throws Exception {
        try {
            return start.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw (Exception) cause;
        }
    }

    /** Where everything listens; only after {@link #start()}. */
    public Endpoints endpoints() {
        if (endpoints == null) {
            throw new IllegalStateException("Not started");
        }
        return endpoints;
    }

    /**
     * Stops the Kafka broker started here, keeps its port closed for {@code downtime}, and starts it again on the same
     * port with the same topics, offsets and logins; returns once it serves clients again. For fault-injection tests
     * of a whole running system ({@link LocalSystem#restartKafka}).
     *
     * @throws IllegalStateException if the environment named the cluster: it is not this instance's to restart
     */
    public synchronized void restartKafka(Duration downtime) throws Exception {
        KafkaBroker running = kafkaBroker;
        if (running == null || closed) {
            throw new IllegalStateException("No Kafka broker of this infrastructure runs (closed, or "
                    + KAFKA_BOOTSTRAP_SERVERS + " named the cluster)");
        }
        long started = System.nanoTime();
        kafkaBroker = null;
        kafkaBroker = running.restart(downtime);
        LOG.info("Kafka restarted on {} after {} ms down ({} ms in all)", kafkaBroker.bootstrapServers(),
                downtime.toMillis(), (System.nanoTime() - started) / 1_000_000);
    }

    private synchronized void stopKafka() {
        KafkaBroker running = kafkaBroker;
        kafkaBroker = null;
        if (running != null) {
            running.close();
        }
    }

    /** Stops every server this instance started, the last started first. Safe to call more than once. */
    @Override
    public void close() {
        closed = true;
        for (AutoCloseable server = running.pollFirst(); server != null; server = running.pollFirst()) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed", server.getClass().getSimpleName(), e);
            }
        }
    }

    /** Registers a started server, and stops it at once if close() came while it was starting (a Ctrl-C). */
    private <T extends AutoCloseable> T started(T server) {
        running.addFirst(server);
        if (closed) {
            close();
            throw new IllegalStateException("Closed while starting");
        }
        return server;
    }

    private Optional<String> configured(String variable) {
        return Optional.ofNullable(environment.get(variable)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private Optional<Database> configuredDatabase() {
        return configured(JDBC_URL).map(jdbcUrl -> new Database(
                jdbcUrl,
                configured(REACTIVE_URL).orElseGet(() -> reactiveUrlOf(jdbcUrl)),
                configured(DB_USERNAME).orElseThrow(() -> missingWith(DB_USERNAME)),
                configured(DB_PASSWORD).orElseThrow(() -> missingWith(DB_PASSWORD)),
                null));
    }

    /**
     * The provider {@code QUARKUS_OIDC_AUTH_SERVER_URL} names, with the client secrets the environment gives: those of
     * the services that call others are required (they could not get tokens without), the others are taken if set.
     */
    private Optional<IdentityProvider> configuredIdentityProvider() {
        return configured(OIDC_AUTH_SERVER_URL).map(issuer -> {
            int realms = issuer.indexOf("/realms/");
            if (realms < 0) {
                throw new IllegalStateException(OIDC_AUTH_SERVER_URL + "=" + issuer + " is not a Keycloak realm URL "
                        + "(<keycloak>/realms/<realm>)");
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            List<String> clients = new ArrayList<>(IdentityProvider.SERVICE_CLIENTS);
            clients.add(IdentityProvider.WEB_CLIENT);
            for (String client : clients) {
                String variable = IdentityProvider.secretVariable(client);
                configured(variable).ifPresentOrElse(secret -> secrets.put(client, secret), () -> {
                    if (Endpoints.CLIENT_CREDENTIALS_CALLERS.contains(client)) {
                        missing.add(variable);
                    }
                });
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException(OIDC_AUTH_SERVER_URL + " is set, so the secrets of the clients of the"
                        + " services that call others must be set too: " + String.join(", ", missing));
            }
            String realm = issuer.substring(realms + "/realms/".length()).replaceAll("/+$", "");
            return new IdentityProvider(URI.create(issuer.substring(0, realms)), realm, secrets, null, null);
        });
    }

    private static IllegalStateException missingWith(String variable) {
        return new IllegalStateException(JDBC_URL + " is set, so " + variable + " must be set too");
    }

    /** {@code jdbc:postgresql://host:port/db?params} to the reactive client's {@code postgresql://host:port/db}. */
    static String reactiveUrlOf(String jdbcUrl) {
        String prefix = "jdbc:postgresql:";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        String location = jdbcUrl.substring(prefix.length());
        int query = location.indexOf('?');
        location = query < 0 ? location : location.substring(0, query);
        // jdbc:postgresql:db (no host) means the driver's defaults.
        return location.startsWith("//") ? "postgresql:" + location : "postgresql://localhost:5432/" + location;
    }

    private record Database(String jdbcUrl, String reactiveUrl, String username, String password, DatabaseRoles roles) {
    }
}
