package dev.invitations.localinfra.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What every launcher of child processes here needs: a bounded stop and the end of a log for error messages. */
public final class ChildProcesses {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

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

    /**
     * Polls {@code url} until it answers 200. Throws when the process exits first, when the deadline passes and when
     * interrupted; stopping the process then is the caller's choice.
     *
     * @param what the server, for the messages
     */
    public static void awaitAnswer(Process process, URI url, long deadlineNanos, Path logFile, String what,
                                   Duration pollInterval) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(what + " exited with code " + process.exitValue() + " before " + url + " answered"
                        + tail(logFile, 40));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet, or starting (503 meanwhile): asked again below, until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for " + what, e);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IOException(what + " did not answer on " + url + " in time" + tail(logFile, 40));
            }
            awaitExit(process, pollInterval);
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
