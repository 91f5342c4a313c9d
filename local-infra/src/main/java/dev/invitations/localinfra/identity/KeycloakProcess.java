package dev.invitations.localinfra.identity;

import dev.invitations.localinfra.process.ChildProcesses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of Keycloak's {@code bin/kc.sh} (a build or a server), through a small shell watchdog that ends it when this
 * JVM ends, however this JVM ends: the watchdog holds the read end of a pipe whose write end only this JVM has, and
 * stops Keycloak (SIGTERM, which kc.sh forwards to Keycloak's JVM) once that pipe closes. {@link #stop} closes it.
 */
final class KeycloakProcess {

    /**
     * {@code $0} is kc.sh, the arguments are its arguments. Keycloak gets no standard input; the watchdog subshell gets
     * this script's (a non-interactive shell would give an asynchronous list /dev/null, hence fd 3). The script
     * exits with kc.sh's status, and a SIGTERM to it reaches Keycloak too.
     */
    private static final String WATCHDOG = String.join("\n",
            "exec 3<&0",
            "trap 'kill -TERM \"$keycloak\" 2>/dev/null' TERM INT HUP",
            "\"$0\" \"$@\" </dev/null 3<&- &",
            "keycloak=$!",
            "( trap - TERM INT HUP; while read -r ignored; do :; done; kill -TERM \"$keycloak\" 2>/dev/null ) <&3 &",
            "watchdog=$!",
            "exec 3<&-",
            "status=0",
            "while kill -0 \"$keycloak\" 2>/dev/null; do wait \"$keycloak\"; status=$?; done",
            "kill \"$watchdog\" 2>/dev/null",
            "exit \"$status\"");
    /** Variables that would configure Keycloak or its launcher behind our back: whatever the parent had set. */
    private static final List<String> FOREIGN_PREFIXES = List.of("KC_", "QUARKUS_", "JAVA_OPTS", "JAVA_ADD_OPENS",
            "JAVA_LOCALE", "DEBUG", "PRINT_ENV");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private KeycloakProcess() {
    }

    /**
     * Starts {@code <installation>/bin/kc.sh <arguments>} with {@code kc.home.dir} at {@code home} (where Keycloak
     * keeps its {@code data/}), the given Java, and {@code environment} on top of this JVM's environment less the
     * variables Keycloak or kc.sh would read. Output goes to {@code log}.
     */
    static Process launch(Path installation, Path javaHome, Path home, List<String> arguments,
                          Map<String, String> environment, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", WATCHDOG,
                installation.resolve("bin/kc.sh").toString(),
                // kc.sh derives kc.home.dir from its own location; a later -D wins, so that data/ is the run's own.
                "-Dkc.home.dir=" + home));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> processEnvironment = builder.environment();
        processEnvironment.keySet().removeIf(name -> FOREIGN_PREFIXES.stream()
                .anyMatch(prefix -> name.toUpperCase(Locale.ROOT).startsWith(prefix)));
        processEnvironment.put("JAVA_HOME", javaHome.toString());
        processEnvironment.remove("JAVA");
        // glibc's per-thread malloc arenas would add 100 MB or more to a JVM with many threads (docs/benchmarks.md).
        processEnvironment.put("MALLOC_ARENA_MAX", "2");
        processEnvironment.putAll(environment);
        return builder.start();
    }

    /**
     * Waits until {@code url} answers 200; an IOException if the process ended first or the deadline passed (the
     * process is then stopped).
     */
    static void awaitAnswer(Process process, URI url, long deadlineNanos, Path log, String what) throws IOException {
        try {
            ChildProcesses.awaitAnswer(process, url, deadlineNanos, log, what, POLL_INTERVAL);
        } catch (IOException e) {
            stop(process, Duration.ofSeconds(10));
            throw e;
        }
    }

    /** Waits for a run that ends by itself (a build); kills it after {@code timeout}. Its exit code. */
    static int awaitExit(Process process, Duration timeout, Path log, String what) throws IOException {
        if (!ChildProcesses.awaitExit(process, timeout)) {
            stop(process, Duration.ofSeconds(10));
            throw new IOException(what + " did not finish within " + timeout.toSeconds() + " s"
                    + ChildProcesses.tail(log, 40));
        }
        return process.exitValue();
    }

    /**
     * Closes the watchdog's pipe, which stops Keycloak (SIGTERM) and then the watchdog; after {@code grace}, kills
     * whatever of the process tree is left. True if it stopped within the grace period.
     */
    static boolean stop(Process process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // The watchdog is gone already.
        }
        boolean stopped = ChildProcesses.awaitExit(process, grace);
        if (!stopped) {
            process.destroyForcibly();
        }
        tree.addAll(process.descendants().toList());
        for (ProcessHandle descendant : tree) {
            if (descendant.isAlive()) {
                descendant.destroyForcibly();
                stopped = false;
            }
        }
        ChildProcesses.awaitExit(process, Duration.ofSeconds(5));
        for (ProcessHandle descendant : tree) {
            descendant.onExit().completeOnTimeout(descendant, 5, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        return stopped;
    }

    /** Creates the file (and its directory) if need be, so that output can be appended to it. */
    static Path logFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        return file;
    }
}
