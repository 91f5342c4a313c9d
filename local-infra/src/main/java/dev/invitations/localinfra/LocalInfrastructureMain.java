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
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link LocalInfrastructure} until Ctrl-C, SIGTERM or (with {@code --exit-when-stdin-closes}) the end of
 * standard input, then stops every server; meanwhile that input carries the parent's commands (a Kafka restart). Usage:
 * <pre>
 * LocalInfrastructureMain [--base-dir DIR] [--endpoints-file FILE] [--identity-provider] [--exit-when-stdin-closes]
 * </pre>
 * The base directory defaults to {@code target/local-infra}. The endpoints file is written once everything is ready
 * (readable by its owner only: it holds the generated secrets). {@code --identity-provider} adds Keycloak.
 */
public final class LocalInfrastructureMain {

    static final String LOG_CONFIGURATION = "dev/invitations/localinfra/log4j2-local-infra.xml";
    static final String RESTART_KAFKA = "restart-kafka";
    static final String REPLY_OK = "ok";

    static {
        // Before any logger exists: the servers log through slf4j to log4j2, which reads this property once.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
        }
    }

    private LocalInfrastructureMain() {
    }

    public static void main(String[] args) throws Exception {
        Path baseDirectory = Path.of("target", "local-infra");
        Path endpointsFile = null;
        boolean exitWhenStdinCloses = false;
        boolean identityProvider = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--base-dir" -> baseDirectory = Path.of(value(args, ++i));
                case "--endpoints-file" -> endpointsFile = Path.of(value(args, ++i));
                case "--exit-when-stdin-closes" -> exitWhenStdinCloses = true;
                case "--identity-provider" -> identityProvider = true;
                default -> usage("Unknown option " + args[i]);
            }
        }

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
            return;
        }
        System.out.printf("Local infrastructure ready in %.1f s (base directory %s)%n%s%n",
                (System.nanoTime() - started) / 1e9, baseDirectory.toAbsolutePath(), endpoints.describe());
        if (exitWhenStdinCloses) {
            serveCommands(System.in, infrastructure);
            System.exit(0);
        }
        // Until Ctrl-C or SIGTERM: the shutdown hook then stops the servers.
        new CountDownLatch(1).await();
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

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            usage(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nUsage: LocalInfrastructureMain [--base-dir DIR] [--endpoints-file FILE]"
                + " [--identity-provider] [--exit-when-stdin-closes]");
        System.exit(2);
    }
}
