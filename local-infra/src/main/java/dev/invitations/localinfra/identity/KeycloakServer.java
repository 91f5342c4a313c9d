package dev.invitations.localinfra.identity;

import dev.invitations.localinfra.CodeKeys;
import dev.invitations.localinfra.process.Directories;
import dev.invitations.localinfra.process.FreePorts;
import dev.invitations.localinfra.process.RunHome;
import dev.invitations.localinfra.system.LocalSystem;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keycloak with the portal realm, for one run: on 127.0.0.1 (port {@value #PORT_VARIABLE}: 8180 in the local run, a
 * free one otherwise), its state (H2 file database, from the {@link KeycloakDistribution template}) under the run's
 * directory, wiped at start like the other servers'. The realm
 * is imported at start from {@code deploy/keycloak/portal-realm.json} (copied into this jar by the build), with a
 * freshly generated secret for every confidential client handed to its {@code ${...}} placeholders through the
 * environment, so that no secret is written in the realm file or on a command line.
 * <p>
 * The issuer is fixed to {@code http://127.0.0.1:<port>/realms/portal} ({@code --hostname}), whatever host name a
 * request uses, so that a token fetched through {@code localhost} validates as well.
 */
public final class KeycloakServer implements AutoCloseable {

    static final String REALM_RESOURCE = "/dev/invitations/localinfra/keycloak/portal-realm.json";

    /** Keycloak's HTTP port when set (the local run's fixed 8180); any free port otherwise. */
    public static final String PORT_VARIABLE = "KEYCLOAK_PORT";
    /** portal-web's port, which the realm file's redirect URIs take from this placeholder (8080 without it). */
    public static final String WEB_PORT_VARIABLE = "PORTAL_WEB_PORT";
    /** Where the realm file's smtpServer sends the realm's emails. */
    static final String SMTP_HOST_VARIABLE = "PORTAL_IDP_SMTP_HOST";
    static final String SMTP_PORT_VARIABLE = "PORTAL_IDP_SMTP_PORT";
    /**
     * How long, in whole seconds, to wait for Keycloak to answer once launched: the budget of whoever starts it
     * ({@code LocalInfrastructureProcess} hands its own down), so that a slow start on a loaded machine fails at the
     * caller's deadline, not at a shorter one of its own. {@link #DEFAULT_START_TIMEOUT} without it.
     */
    public static final String START_TIMEOUT_VARIABLE = "KEYCLOAK_START_TIMEOUT_SECONDS";
    static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(3);
    private static final Logger LOG = LoggerFactory.getLogger(KeycloakServer.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Process process;
    private final IdentityProvider identity;

    private KeycloakServer(Process process, IdentityProvider identity) {
        this.process = process;
        this.identity = identity;
    }

    /**
     * Installs Keycloak if this is the first time (see {@link KeycloakDistribution}), then starts it in
     * {@code directory} and waits until the realm answers.
     *
     * @param environment where to look for the Java that runs Keycloak ({@code KEYCLOAK_JAVA_HOME}, {@code JAVA_HOME})
     *                    and its port ({@value #PORT_VARIABLE})
     */
    /** @param smtpPort the local mail server, where the realm sends its emails (a registrant's address verification) */
    public static KeycloakServer start(Path directory, Map<String, String> environment, int smtpPort) throws IOException {
        long started = System.nanoTime();
        Duration startTimeout = startTimeout(environment);
        KeycloakDistribution.Installation installation = KeycloakDistribution.install(environment);
        long installed = System.nanoTime();
        Path run = Directories.recreate(directory);
        RunHome.link(run, installation.home());
        Files.copy(installation.templateDatabase(),
                Files.createDirectories(run.resolve("data/h2")).resolve(installation.templateDatabase().getFileName()));
        try (InputStream realm = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is missing from the local-infra jar: build it with "
                        + "Maven, which copies deploy/keycloak/portal-realm.json into it");
            }
            Files.copy(realm, Files.createDirectories(run.resolve("data/import")).resolve("portal-realm.json"));
        }

        Map<String, String> secrets = new LinkedHashMap<>();
        for (String client : IdentityProvider.SERVICE_CLIENTS) {
            secrets.put(client, CodeKeys.randomSecret());
        }
        secrets.put(IdentityProvider.WEB_CLIENT, CodeKeys.randomSecret());
        Map<String, String> processEnvironment = new LinkedHashMap<>();
        secrets.forEach((client, secret) -> processEnvironment.put(IdentityProvider.secretVariable(client), secret));
        processEnvironment.put("JAVA_OPTS_KC_HEAP", KeycloakDistribution.HEAP);
        processEnvironment.put(SMTP_HOST_VARIABLE, FreePorts.LOOPBACK);
        processEnvironment.put(SMTP_PORT_VARIABLE, Integer.toString(smtpPort));
        if (environment.containsKey(WEB_PORT_VARIABLE)) {
            processEnvironment.put(WEB_PORT_VARIABLE, environment.get(WEB_PORT_VARIABLE));
        }

        int port = environment.containsKey(PORT_VARIABLE) ? Integer.parseInt(environment.get(PORT_VARIABLE)) : FreePorts.allocate();
        if (environment.containsKey(PORT_VARIABLE)) {
            // Another Keycloak on that port (a local run still running) would answer the readiness poll below before
            // this one failed to bind, and the services would get secrets that Keycloak never heard of.
            requireFree(port);
        }
        URI baseUrl = URI.create("http://" + FreePorts.LOOPBACK + ":" + port);
        List<String> arguments = new ArrayList<>(KeycloakDistribution.START_OPTIONS);
        arguments.addAll(List.of("--http-port=" + port, "--hostname=" + baseUrl, "--import-realm"));
        Path log = KeycloakProcess.logFile(run.resolve("keycloak.log"));
        Process process = KeycloakProcess.launch(installation.home(), installation.javaHome(), run, arguments,
                processEnvironment, log);
        IdentityProvider identity = new IdentityProvider(baseUrl, IdentityProvider.REALM, secrets,
                installation.adminUsername(), installation.adminPassword());
        KeycloakProcess.awaitAnswer(process, identity.discovery(), System.nanoTime() + startTimeout.toNanos(), log,
                "Keycloak");
        long ready = System.nanoTime();
        LOG.info("Keycloak ready on {} in {} ms ({} ms of it installing; Java {}, log {})", baseUrl,
                (ready - started) / 1_000_000, (installed - started) / 1_000_000, installation.javaHome(), log);
        return new KeycloakServer(process, identity);
    }

    /** {@value #START_TIMEOUT_VARIABLE}, checked before anything starts. */
    static Duration startTimeout(Map<String, String> environment) {
        String seconds = environment.get(START_TIMEOUT_VARIABLE);
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_START_TIMEOUT;
        }
        try {
            long parsed = Long.parseLong(seconds.strip());
            if (parsed > 0) {
                return Duration.ofSeconds(parsed);
            }
        } catch (NumberFormatException notANumber) {
            // Refused below, with the variable's name.
        }
        throw new IllegalArgumentException(START_TIMEOUT_VARIABLE + " must be a whole number of seconds above 0, not '" + seconds + "'");
    }

    private static void requireFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(FreePorts.LOOPBACK))) {
            probe.setReuseAddress(true);
        } catch (IOException inUse) {
            throw new IOException("Keycloak's port " + port + " on " + FreePorts.LOOPBACK + " is in use (another local "
                    + "run?): stop what holds it, or choose another port (" + PORT_VARIABLE
                    + ", LocalSystem --identity-provider-port)", inUse);
        }
    }

    public IdentityProvider identityProvider() {
        return identity;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (KeycloakProcess.stop(process, STOP_GRACE)) {
            LOG.info("Keycloak stopped");
        } else {
            LOG.warn("Keycloak did not stop within {} s and was killed", STOP_GRACE.toSeconds());
        }
    }
}
