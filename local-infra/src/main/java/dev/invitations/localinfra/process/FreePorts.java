package dev.invitations.localinfra.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TCP ports on 127.0.0.1 that are free now, for servers that must be told their port before they bind it.
 *
 * <p>Chosen below the kernel's ephemeral range where it can be read: a port the kernel hands out for "any free port"
 * comes from that range, which is also where every outgoing connection takes its local port, so between the choice and
 * the server's bind a client socket of the build, a broker or a service could take it (a Keycloak start failed so,
 * "Port already bound"). Below the range only another server choosing the same port can collide, which the random
 * choice makes unlikely. Where the range cannot be read (not Linux), the kernel chooses as before.
 */
public final class FreePorts {

    public static final String LOOPBACK = "127.0.0.1";
    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Above the ports of the well-known services a developer may run (the services' 8080-8084, Keycloak's 8180...). */
    static final int LOWEST = 10_000;
    private static final int ATTEMPTS_PER_PORT = 50;

    private FreePorts() {
    }

    public static int allocate() {
        return allocate(1)[0];
    }

    /** Distinct ports: every socket stays open until all are chosen, so no port is handed out twice. */
    public static int[] allocate(int count) {
        Optional<Integer> ephemeralStart = ephemeralStart().filter(start -> start - LOWEST >= count * ATTEMPTS_PER_PORT);
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(ephemeralStart.flatMap(FreePorts::belowEphemeralRange).orElseGet(FreePorts::anyFree));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port was only probed; nothing to release beyond the socket itself.
                }
            }
        }
    }

    /** The first port of the kernel's ephemeral range, where it can be read. */
    static Optional<Integer> ephemeralStart() {
        // Read as a stream of lines: Files.readString sizes its read by the file's length, which /proc reports wrongly.
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            String[] range = reader.readLine().trim().split("\\s+");
            return Optional.of(Integer.parseInt(range[0]));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<ServerSocket> belowEphemeralRange(int ephemeralStart) {
        for (int attempt = 0; attempt < ATTEMPTS_PER_PORT; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
            try {
                return Optional.of(new ServerSocket(candidate, 1, InetAddress.getByName(LOOPBACK)));
            } catch (IOException taken) {
                // In use: try another.
            }
        }
        return Optional.empty();
    }

    private static ServerSocket anyFree() {
        try {
            return new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on " + LOOPBACK, e);
        }
    }
}
