package dev.invitations.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which process listens on a TCP port, from Linux's {@code /proc}: the kernel's socket table gives the listening
 * socket's inode, and the process holding a descriptor to that inode owns the port. This finds the services, the
 * infrastructure JVM and PostgreSQL alike, whether this tool started them or {@code ./run-local.sh} did.
 */
final class ListeningProcesses {

    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";

    private ListeningProcesses() {
    }

    static OptionalLong pidListeningOn(int port) {
        Set<String> socketLinks = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            for (String inode : listeningInodes(PROC.resolve(table), port)) {
                socketLinks.add("socket:[" + inode + "]");
            }
        }
        if (socketLinks.isEmpty()) {
            return OptionalLong.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, entry -> isNumber(entry.getFileName().toString()))) {
            for (Path process : processes) {
                if (holdsAny(process.resolve("fd"), socketLinks)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** Lines read {@code sl local_address rem_address st ... inode}, addresses as hex {@code IP:PORT}. */
    private static List<String> listeningInodes(Path table, int port) {
        String portHex = String.format(Locale.ROOT, ":%04X", port);
        try {
            return Files.readAllLines(table).stream().skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(fields -> fields.length > 9 && fields[1].endsWith(portHex) && fields[3].equals(LISTEN))
                    .map(fields -> fields[9])
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean holdsAny(Path descriptors, Set<String> socketLinks) {
        try (DirectoryStream<Path> links = Files.newDirectoryStream(descriptors)) {
            for (Path link : links) {
                try {
                    if (socketLinks.contains(Files.readSymbolicLink(link).toString())) {
                        return true;
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor went away while listed.
                }
            }
        } catch (IOException | SecurityException notOurs) {
            // Another user's process, or one that exited: not the owner we are looking for.
        }
        return false;
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
