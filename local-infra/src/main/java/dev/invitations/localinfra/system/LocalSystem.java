package dev.invitations.localinfra.system;

import dev.invitations.localinfra.CodeKeys;
import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.LocalInfrastructureProcess;
import dev.invitations.localinfra.process.ChildProcesses;
import dev.invitations.localinfra.process.FreePorts;
import dev.invitations.localinfra.tracing.ZipkinServer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system on one machine: the {@link LocalInfrastructureProcess local infrastructure} (with Keycloak, the
 * OpenID Connect provider, unless {@link Options#withIdentityProvider(boolean) turned off}), then the four services
 * as {@code java -jar <module>/target/quarkus-app/quarkus-run.jar} processes on 127.0.0.1, each configured through
 * environment variables ({@link Endpoints#environment(String)}: the servers, its OIDC client secret, the code keys)
 * and logging to {@code <base-dir>/logs/<module>.log}; ready when every service answers 200 on
 * {@code /q/health/ready}. {@link #start(Options)} is the API for end-to-end tests, and {@link #kill},
 * {@link #terminate}, {@link #restart} and {@link #restartKafka} put faults into a running system for the
 * fault-injection tests; {@link LocalSystemCommand} is the command line ({@code ./run-local.sh}).
 */
public final class LocalSystem implements AutoCloseable {

    /** The services, with the HTTP ports they get unless told otherwise. */
    public enum Service {
        INVITATION("invitation-service", 8081),
        REDEMPTION("redemption-service", 8082),
        NOTIFICATION("notification-service", 8083),
        WORKFLOW("workflow-service", 8084),
        /** The portal's web front end: the Invite Redemption Page the emails link to. */
        PORTAL_WEB("portal-web", 8080);

        private final String moduleName;
        private final int defaultHttpPort;

        Service(String moduleName, int defaultHttpPort) {
            this.moduleName = moduleName;
            this.defaultHttpPort = defaultHttpPort;
        }

        public String moduleName() {
            return moduleName;
        }

        public int defaultHttpPort() {
            return defaultHttpPort;
        }

        String portOption() {
            return "--" + moduleName + "-port";
        }

        String portVariable() {
            return Endpoints.environmentVariableName(moduleName + "-port");
        }
    }

    /**
     * @param repositoryRoot   the Maven reactor root, with one directory per service module
     * @param baseDirectory    infrastructure state ({@code infra/}) and logs ({@code logs/})
     * @param httpPorts        each service's HTTP port; 0 means any free port
     * @param readyTimeout     how long the services may take to become ready, all together
     * @param identityProvider whether to start Keycloak (or use the provider {@code QUARKUS_OIDC_AUTH_SERVER_URL}
     *                         names) and point the services at it
     * @param identityProviderPort Keycloak's HTTP port; 0 means any free port
     * @param smtpPort         an SMTP server on 127.0.0.1 (no authentication, no TLS) the services send their mail to
     *                         instead of the infrastructure's mail server (the benchmark's sink); 0 means that server
     * @param serviceEnvironment per service, environment variables that override what the local run gives it (a
     *                         setting a test needs shorter, say)
     * @param traceViewer      whether to start a Zipkin server ({@link ZipkinServer}) and have the services export
     *                         their spans to it; without one they record none
     */
    public record Options(Path repositoryRoot, Path baseDirectory, Map<Service, Integer> httpPorts,
                          Duration readyTimeout, boolean identityProvider, int identityProviderPort, int smtpPort,
                          Map<Service, Map<String, String>> serviceEnvironment, boolean traceViewer) {

        public Options {
            repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
            baseDirectory = baseDirectory.toAbsolutePath().normalize();
            httpPorts = Collections.unmodifiableMap(new EnumMap<>(httpPorts));
            Map<Service, Map<String, String>> environments = new EnumMap<>(Service.class);
            serviceEnvironment.forEach((service, variables) -> environments.put(service, Map.copyOf(variables)));
            serviceEnvironment = Collections.unmodifiableMap(environments);
        }

        /** With the identity provider. */
        public Options(Path repositoryRoot, Path baseDirectory, Map<Service, Integer> httpPorts,
                       Duration readyTimeout) {
            this(repositoryRoot, baseDirectory, httpPorts, readyTimeout, true, 0, 0, Map.of(), false);
        }

        /**
         * Default ports (8081 to 8084, Keycloak on {@value #DEFAULT_IDENTITY_PROVIDER_PORT}, so that the README's
         * commands and a browser's bookmarks work), state in {@code <repositoryRoot>/target/local-system}, 3 minutes to
         * start, with the trace viewer.
         */
        public static Options defaults(Path repositoryRoot) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, service.defaultHttpPort());
            }
            return new Options(repositoryRoot, repositoryRoot.resolve("target/local-system"), ports,
                    Duration.ofMinutes(3), true, DEFAULT_IDENTITY_PROVIDER_PORT, 0, Map.of(), true);
        }

        /** Every service on a free port: for tests, which must not collide with a running local system. */
        public Options withFreePorts() {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, 0);
            }
            return new Options(repositoryRoot, baseDirectory, ports, readyTimeout, identityProvider, 0, smtpPort,
                    serviceEnvironment, traceViewer);
        }

        public Options withHttpPort(Service service, int port) {
            Map<Service, Integer> ports = new EnumMap<>(httpPorts);
            ports.put(service, port);
            return new Options(repositoryRoot, baseDirectory, ports, readyTimeout, identityProvider, identityProviderPort, smtpPort,
                    serviceEnvironment, traceViewer);
        }

        public Options withBaseDirectory(Path directory) {
            return new Options(repositoryRoot, directory, httpPorts, readyTimeout, identityProvider, identityProviderPort, smtpPort,
                    serviceEnvironment, traceViewer);
        }

        public Options withReadyTimeout(Duration timeout) {
            return new Options(repositoryRoot, baseDirectory, httpPorts, timeout, identityProvider, identityProviderPort, smtpPort,
                    serviceEnvironment, traceViewer);
        }

        /** Without one, the services get no {@code QUARKUS_OIDC_AUTH_SERVER_URL} from the local run. */
        public Options withIdentityProvider(boolean enabled) {
            return new Options(repositoryRoot, baseDirectory, httpPorts, readyTimeout, enabled, identityProviderPort, smtpPort,
                    serviceEnvironment, traceViewer);
        }

        public Options withIdentityProviderPort(int port) {
            return new Options(repositoryRoot, baseDirectory, httpPorts, readyTimeout, identityProvider, port, smtpPort,
                    serviceEnvironment, traceViewer);
        }

        public Options withSmtpPort(int port) {
            return new Options(repositoryRoot, baseDirectory, httpPorts, readyTimeout, identityProvider, identityProviderPort,
                    port, serviceEnvironment, traceViewer);
        }

        /** {@code service} gets {@code variable=value} in its environment, over what the local run would give it. */
        public Options withEnvironment(Service service, String variable, String value) {
            Map<Service, Map<String, String>> environments = new EnumMap<>(Service.class);
            environments.putAll(serviceEnvironment);
            Map<String, String> variables = new LinkedHashMap<>(environments.getOrDefault(service, Map.of()));
            variables.put(variable, value);
            environments.put(service, variables);
            return new Options(repositoryRoot, baseDirectory, httpPorts, readyTimeout, identityProvider, identityProviderPort,
                    smtpPort, environments, traceViewer);
        }

        /** With or without Zipkin and the services' spans: a benchmark measures without (tracing costs CPU per email). */
        public Options withTraceViewer(boolean enabled) {
            return new Options(repositoryRoot, baseDirectory, httpPorts, readyTimeout, identityProvider, identityProviderPort,
                    smtpPort, serviceEnvironment, enabled);
        }
    }

    /** A service process that answered ready. */
    public record RunningService(Service service, URI baseUrl, Path logFile) {
        public URI swaggerUi() {
            return baseUrl.resolve("/q/swagger-ui");
        }
    }

    public static final int DEFAULT_IDENTITY_PROVIDER_PORT = 8180;
    /** tracing-support's ZipkinTracing.ENDPOINT: this module does not depend on it. */
    static final String ZIPKIN_ENDPOINT = "portal.tracing.zipkin-endpoint";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** A broker's stop and start on two busy cores, beyond the downtime asked for. */
    private static final Duration KAFKA_RESTART_TIMEOUT = Duration.ofMinutes(2);
    /** The first start on a machine also extracts and builds Keycloak (about a minute on two cores). */
    private static final Duration FIRST_KEYCLOAK_INSTALL = Duration.ofMinutes(2);
    private static final Duration HEALTH_POLL_INTERVAL = Duration.ofMillis(250);
    /**
     * Each service's budget is 300 MB resident under load (docs/benchmarks.md, "Memory: every service under 300 MB"),
     * of which 180 to 210 MB (class metadata, symbols, compiled code, the class archive, the JVM's own code) is taken
     * before any load: the heap is what these options bound.
     * The container images run the same flags (root pom.xml, {@code quarkus.jib.*}).
     */
    public static final List<String> SERVICE_JVM_OPTIONS = List.of(
            // Four JVMs share two cores: C1 only and a serial collector start faster and stay small (C2's code and
            // its compiler's arenas cost 60 to 90 MB more per service). Without -Xms the initial heap is 1/64 of the
            // machine's memory (the whole maximum on 24 GB), and the young generation sized from it is touched in full.
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms64m",
            // The serial collector grows the heap after a full collection until 40 % of it is free by default: under
            // a burst that took each service from 64 to 91-113 MB of heap (30 to 45 MB live) and over the budget.
            // These are the ratios the UBI OpenJDK images' run-java.sh passes: grow only below 10 % free, give back
            // above 20 %.
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
            // Four times the most ever live after a full collection (45 MB), and what the containers' 512 MiB limit
            // holds beside the rest (KubernetesManifestsTest).
            "-Xmx192m",
            // Memory that C1's arenas and the libraries malloc and free stays resident in glibc's arenas until trimmed.
            "-XX:TrimNativeHeapInterval=5000");
    /** More JVM options for the services, appended (e.g. -XX:NativeMemoryTracking=summary to see where memory goes). */
    static final String EXTRA_JVM_OPTIONS_VARIABLE = "PORTAL_SERVICE_JVM_OPTIONS";
    /**
     * glibc gives each thread that allocates concurrently its own malloc arena, up to 8 per core, and a JVM has dozens
     * of threads: two arenas keep the services within 300 MB resident under load (docs/benchmarks.md).
     */
    public static final Map<String, String> SERVICE_MEMORY_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    // Swagger UI is off by default in a packaged service; the local run is where a developer wants it. The packaged
    // services log JSON lines in the prod profile, for a collector; a developer reads the local run's logs as text.
    private static final Map<String, String> SERVICE_ENVIRONMENT = Map.of(
            "QUARKUS_SWAGGER_UI_ENABLED", "true", "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");

    private final Options options;
    /** Seals portal-web's cookies for this run; a browser's cookies from an earlier run simply stop opening. */
    private final String webSessionKey = CodeKeys.generate().lookupKey();
    /** Every service process ever started, killed ones included: close() stops whatever still runs. */
    private final List<Process> serviceProcesses = new CopyOnWriteArrayList<>();
    /** The process each service runs in now: {@link #kill}, {@link #terminate} and {@link #restart} replace it. */
    private final Map<Service, Process> currentProcesses = Collections.synchronizedMap(new EnumMap<>(Service.class));
    private final List<RunningService> services = new ArrayList<>();
    private volatile Map<Service, Path> jars;
    private volatile Map<Service, Integer> ports;
    private volatile LocalInfrastructureProcess infrastructure;
    private volatile ZipkinServer zipkin;
    private volatile boolean closed;

    LocalSystem(Options options) {
        this.options = options;
    }

    /** Starts everything and waits until every service is ready; on failure, stops what started and throws. */
    public static LocalSystem start(Options options) throws IOException {
        LocalSystem system = new LocalSystem(options);
        system.startAll();
        return system;
    }

    public Endpoints infrastructure() {
        return infrastructure.endpoints();
    }

    public List<RunningService> services() {
        return List.copyOf(services);
    }

    public RunningService service(Service service) {
        return services.stream().filter(running -> running.service() == service).findFirst()
                .orElseThrow(() -> new IllegalStateException(service + " is not running"));
    }

    public Path logDirectory() {
        return options.baseDirectory().resolve("logs");
    }

    void startAll() throws IOException {
        try {
            jars = serviceJars();
            ports = resolvePorts();
            Duration infrastructureTimeout = options.identityProvider()
                    ? options.readyTimeout().plus(FIRST_KEYCLOAK_INSTALL) : options.readyTimeout();
            // Its JVM boots while the infrastructure starts; the services need it only once they send spans.
            if (options.traceViewer()) {
                zipkin = ZipkinServer.start(logDirectory().resolve("zipkin.log"));
            }
            // The services start once the infrastructure is ready, Keycloak's realm included (they fetch its keys).
            infrastructure = LocalInfrastructureProcess.start(options.baseDirectory().resolve("infra"),
                    logDirectory().resolve("local-infra.log"), infrastructureTimeout, options.identityProvider(),
                    options.identityProviderPort(), ports.get(Service.PORTAL_WEB));
            long deadline = System.nanoTime() + options.readyTimeout().toNanos();
            if (zipkin != null) {
                zipkin.awaitReady(deadline);
            }
            Map<Service, Process> processes = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                if (closed) {
                    throw new IllegalStateException("Stopped while starting");
                }
                processes.put(service, launch(service, false));
            }
            for (Service service : Service.values()) {
                URI baseUrl = URI.create("http://127.0.0.1:" + ports.get(service));
                Path logFile = logDirectory().resolve(service.moduleName() + ".log");
                awaitReady(service, processes.get(service), baseUrl, logFile, deadline);
                services.add(new RunningService(service, baseUrl, logFile));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<Service, Path> serviceJars() {
        Map<Service, Path> jars = new EnumMap<>(Service.class);
        List<String> missing = new ArrayList<>();
        for (Service service : Service.values()) {
            Path jar = options.repositoryRoot().resolve(service.moduleName())
                    .resolve("target/quarkus-app/quarkus-run.jar");
            jars.put(service, jar);
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Not built: " + String.join(", ", missing) + "\nBuild the services "
                    + "first: cd " + options.repositoryRoot() + " && mvn install -DskipTests");
        }
        return jars;
    }

    private Map<Service, Integer> resolvePorts() {
        Map<Service, Integer> ports = new EnumMap<>(options.httpPorts());
        long wanted = ports.values().stream().filter(port -> port == 0).count();
        int[] free = FreePorts.allocate((int) wanted);
        int next = 0;
        for (Service service : Service.values()) {
            if (ports.getOrDefault(service, 0) == 0) {
                ports.put(service, free[next++]);
            }
        }
        return ports;
    }

    /** @param again a restart: the log goes on after the previous process's lines instead of replacing them */
    private Process launch(Service service, boolean again) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SERVICE_JVM_OPTIONS);
        Optional.ofNullable(System.getenv(EXTRA_JVM_OPTIONS_VARIABLE)).map(String::strip).filter(extra -> !extra.isEmpty())
                .ifPresent(extra -> command.addAll(List.of(extra.split("\\s+"))));
        command.addAll(List.of("-jar", jars.get(service).toString()));
        Path logFile = logDirectory().resolve(service.moduleName() + ".log");
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(options.repositoryRoot().resolve(service.moduleName()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(again ? ProcessBuilder.Redirect.appendTo(logFile.toFile())
                        : ProcessBuilder.Redirect.to(logFile.toFile()));
        Map<String, String> environment = builder.environment();
        environment.putAll(infrastructure.endpoints().environment(service.moduleName()));
        environment.putAll(SERVICE_MEMORY_ENVIRONMENT);
        environment.putAll(SERVICE_ENVIRONMENT);
        environment.remove(EXTRA_JVM_OPTIONS_VARIABLE);
        if (zipkin != null) {
            // Also what turns each service's tracing on (tracing-support's TracingSwitch).
            environment.put(Endpoints.environmentVariableName(ZIPKIN_ENDPOINT), zipkin.spansEndpoint().toString());
        }
        if (options.smtpPort() != 0) {
            environment.put(Endpoints.environmentVariableName("quarkus.mailer.port"), Integer.toString(options.smtpPort()));
        }
        environment.put("QUARKUS_HTTP_HOST", FreePorts.LOOPBACK);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)));
        // invitation-service and portal-web call these over REST (portal-web's console: notification-service's templates);
        // notification-service links to portal-web's page.
        environment.put("QUARKUS_REST_CLIENT_INVITATION_SERVICE_URL", "http://127.0.0.1:" + ports.get(Service.INVITATION));
        environment.put("QUARKUS_REST_CLIENT_REDEMPTION_SERVICE_URL",
                "http://127.0.0.1:" + ports.get(Service.REDEMPTION));
        environment.put("QUARKUS_REST_CLIENT_NOTIFICATION_SERVICE_URL",
                "http://127.0.0.1:" + ports.get(Service.NOTIFICATION));
        environment.put("QUARKUS_REST_CLIENT_WORKFLOW_SERVICE_URL",
                "http://127.0.0.1:" + ports.get(Service.WORKFLOW));
        environment.put("NOTIFICATION_REDEMPTION_PAGE_URL", redemptionPage(ports.get(Service.PORTAL_WEB)).toString());
        if (service == Service.PORTAL_WEB) {
            environment.put("PORTAL_WEB_SESSION_KEY", webSessionKey);
            // The local run serves plain http on loopback: a Secure cookie would never come back.
            environment.put("PORTAL_WEB_SESSION_SECURE_COOKIES", "false");
        }
        environment.putAll(options.serviceEnvironment().getOrDefault(service, Map.of()));
        Process process = builder.start();
        serviceProcesses.add(process);
        currentProcesses.put(service, process);
        return process;
    }

    /**
     * {@code kill -9}: the service's process gets SIGKILL ({@link Process#destroyForcibly()} on Linux) and is gone
     * without running a line more: no shutdown hook, no commit, no goodbye to the Kafka group. Returns once it exited.
     */
    public void kill(Service service) {
        Process process = currentProcess(service);
        process.destroyForcibly();
        if (!ChildProcesses.awaitExit(process, STOP_GRACE)) {
            throw new IllegalStateException(service.moduleName() + " (pid " + process.pid() + ") outlived SIGKILL");
        }
    }

    /**
     * SIGTERM ({@link Process#destroy()}): the service shuts down as it would when a platform stops it. Waits up to
     * {@code grace} and returns its exit code; a service still running then is killed, and that is an exception.
     */
    public int terminate(Service service, Duration grace) {
        Process process = currentProcess(service);
        process.destroy();
        if (!ChildProcesses.awaitExit(process, grace)) {
            process.destroyForcibly();
            ChildProcesses.awaitExit(process, STOP_GRACE);
            throw new IllegalStateException(service.moduleName() + " did not stop within " + grace.toSeconds()
                    + " s of SIGTERM and was killed");
        }
        return process.exitValue();
    }

    /**
     * Starts a service that {@link #kill} or {@link #terminate} stopped, on the same port with the same settings,
     * and waits until it is ready (at most the options' ready timeout). Its log goes on in the same file.
     */
    public void restart(Service service) throws IOException {
        if (currentProcess(service).isAlive()) {
            throw new IllegalStateException(service.moduleName() + " is still running");
        }
        RunningService running = service(service);
        Process process = launch(service, true);
        awaitReady(service, process, running.baseUrl(), running.logFile(),
                System.nanoTime() + options.readyTimeout().toNanos());
    }

    /**
     * Restarts the infrastructure's Kafka broker under the running services: its port refuses connections for
     * {@code downtime}, then the broker serves again on the same port with the same topics, committed offsets and
     * logins. Returns once it does.
     */
    public void restartKafka(Duration downtime) throws IOException {
        infrastructure.restartKafka(downtime, downtime.plus(KAFKA_RESTART_TIMEOUT));
    }

    private Process currentProcess(Service service) {
        Process process = currentProcesses.get(service);
        if (process == null) {
            throw new IllegalStateException(service + " was never started");
        }
        return process;
    }

    private void awaitReady(Service service, Process process, URI baseUrl, Path logFile, long deadline)
            throws IOException {
        ChildProcesses.awaitAnswer(process, baseUrl.resolve("/q/health/ready"), deadline, logFile, service.moduleName(),
                HEALTH_POLL_INTERVAL);
    }

    /** Stops the services (SIGTERM, then SIGKILL after 10 s), then the infrastructure. Safe to call twice. */
    @Override
    public void close() {
        closed = true;
        serviceProcesses.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process process : serviceProcesses) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!ChildProcesses.awaitExit(process, left)) {
                ChildProcesses.stop(process, Duration.ZERO);
            }
        }
        LocalInfrastructureProcess running = infrastructure;
        if (running != null) {
            running.close();
        }
        // Last: the services' final spans leave as they stop.
        ZipkinServer viewer = zipkin;
        if (viewer != null) {
            viewer.close();
        }
    }

    /** The Zipkin server the services export to, when the options asked for one. */
    public Optional<ZipkinServer> traceViewer() {
        return Optional.ofNullable(zipkin);
    }

    /**
     * The Invite Redemption Page as the emails link to it: on {@code localhost}, the host name Keycloak's realm
     * allows portal-web's sign-in to return to.
     */
    public static URI redemptionPage(int webPort) {
        return URI.create("http://localhost:" + webPort + "/portal/redeem");
    }

    /** A few aligned lines for a console: every URL a developer needs. */
    public String describe() {
        String serviceLines = services.stream()
                .map(running -> running.service() == Service.PORTAL_WEB
                        ? String.format("  %-21s %s  (Invite Redemption Page %s)", running.service().moduleName(),
                                running.baseUrl(), redemptionPage(running.baseUrl().getPort()))
                        : String.format("  %-21s %s  (Swagger UI %s)", running.service().moduleName(),
                                running.baseUrl(), running.swaggerUi()))
                .collect(Collectors.joining("\n"));
        return serviceLines + "\n" + infrastructure.endpoints().describe()
                + (zipkin == null ? "" : "\n  Traces      " + zipkin.ui() + "  (Zipkin: one trace per invitation across the services)")
                + "\n  Logs        " + logDirectory();
    }
}
