package dev.invitations.notificationservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A free port chosen once per JVM under a system property: a test profile (read when Quarkus starts) and its test class
 * (loaded by another class loader) must agree on the port of the server the test runs.
 */
final class JvmWidePort {

    static int named(String property) {
        synchronized (System.getProperties()) {
            String port = System.getProperty(property);
            if (port == null) {
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = Integer.toString(socket.getLocalPort());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.setProperty(property, port);
            }
            return Integer.parseInt(port);
        }
    }

    private JvmWidePort() {
    }
}
