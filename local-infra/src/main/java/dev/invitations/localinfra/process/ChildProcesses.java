package dev.invitations.localinfra.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What every launcher of child processes here needs: a bounded stop and the end of a log for error messages. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it. */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(process, grace)) {
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(5));
        }
    }

    public static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last lines of a log file, indented, to append to an exception message; empty if there is no such file. */
    public static String tail(Path logFile, int lineCount) {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - lineCount), lines.size());
            return "\n--- last lines of " + logFile + " ---\n  " + String.join("\n  ", last);
        } catch (IOException | RuntimeException e) {
            return "\n(could not read " + logFile + ": " + e + ")";
        }
    }
}
