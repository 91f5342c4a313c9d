package dev.invitations.localinfra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs {@link LocalInfrastructure} until Ctrl-C, SIGTERM or (with {@code --exit-when-stdin-closes}) the end of
 * standard input, then stops every server; meanwhile that input carries the parent's commands (a Kafka restart).
 */
@Command(name = "LocalInfrastructureMain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts PostgreSQL, Kafka and the mail server (and Keycloak) on 127.0.0.1 until stopped.")
public final class LocalInfrastructureMain implements Callable<Integer> {

    public static final String LOG_CONFIGURATION = "dev/invitations/localinfra/log4j2-local-infra.xml";
    static final String RESTART_KAFKA = "restart-kafka";
    static final String REPLY_OK = "ok";

    static {
        // Before any logger exists: the servers log through slf4j to log4j2, which reads this property once.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
        }
    }

    @Option(names = "--base-dir", paramLabel = "DIR", defaultValue = "target/local-infra",
            description = "the servers' state (default ${DEFAULT-VALUE})")
    Path baseDirectory;

    @Option(names = "--endpoints-file", paramLabel = "FILE",
            description = "written once everything is ready, readable by its owner only: it holds the generated secrets")
    Path endpointsFile;

    @Option(names = "--identity-provider", description = "start Keycloak too")
    boolean identityProvider;

    @Option(names = "--exit-when-stdin-closes", description = "stop at the end of standard input, which carries the parent's commands")
    boolean exitWhenStdinCloses;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalInfrastructureMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (endpointsFile != null) {
            // Whoever waits for the file must not mistake a previous run's for this one's.
            Files.deleteIfExists(endpointsFile);
        }
        long started = System.nanoTime();
        LocalInfrastructure infrastructure = new LocalInfrastructure(baseDirectory, System.getenv(), identityProvider);
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "local-infra-shutdown"));
        Endpoints endpoints;
        try {
            endpoints = infrastructure.start();
            if (endpointsFile != null) {
                endpoints.writeTo(endpointsFile);
            }
        } catch (Exception e) {
            System.err.println("Local infrastructure failed to start: " + e);
            e.printStackTrace();
            // Kafka's threads would keep the JVM alive; exiting runs the shutdown hook, which stops what started.
            System.exit(1);
            return 1;
        }
        System.out.printf("Local infrastructure ready in %.1f s (base directory %s)%n%s%n",
                (System.nanoTime() - started) / 1e9, baseDirectory.toAbsolutePath(), endpoints.describe());
        if (exitWhenStdinCloses) {
            serveCommands(System.in, infrastructure);
            return 0;
        }
        // Until Ctrl-C or SIGTERM: the shutdown hook then stops the servers.
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * Reads commands, one a line, until end of file: a parent that dies, however it dies, closes this end of the pipe.
     * Only the parent holds the pipe, so only it can ask ({@link LocalInfrastructureProcess#restartKafka}); there is
     * no network endpoint to protect. A command's outcome goes into the reply file it names, written whole at once:
     * <pre>
     * restart-kafka DOWNTIME_MILLIS REPLY_FILE    the broker stops, stays down that long, starts again on its port
     * </pre>
     */
    private static void serveCommands(InputStream input, LocalInfrastructure infrastructure) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] parts = line.strip().split(" ", 3);
                if (parts.length == 3 && parts[0].equals(RESTART_KAFKA)) {
                    reply(Path.of(parts[2]), restartKafka(infrastructure, parts[1]));
                } else if (!line.isBlank()) {
                    System.err.println("Unknown command ignored: " + parts[0]);
                }
            }
        } catch (IOException e) {
            // A broken pipe means the same as the end of input.
        }
    }

    private static String restartKafka(LocalInfrastructure infrastructure, String downtimeMillis) {
        try {
            infrastructure.restartKafka(Duration.ofMillis(Long.parseLong(downtimeMillis)));
            return REPLY_OK;
        } catch (Exception e) {
            e.printStackTrace();
            return "failed: " + e;
        }
    }

    /** Written beside, then moved: whoever polls for the file never reads half of it. */
    private static void reply(Path file, String outcome) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, outcome, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
