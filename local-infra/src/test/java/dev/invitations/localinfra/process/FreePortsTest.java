package dev.invitations.localinfra.process;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRangeWhereItIsKnown() throws IOException {
        int[] ports = FreePorts.allocate(8);

        assertEquals(8, Arrays.stream(ports).distinct().count());
        FreePorts.ephemeralStart().ifPresent(start -> assertAll(Arrays.stream(ports).mapToObj(port -> () -> assertTrue(
                port >= FreePorts.LOWEST && port < start, port + " outside [" + FreePorts.LOWEST + ", " + start + ")"))));
        for (int port : ports) {
            try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getByName(FreePorts.LOOPBACK))) {
                assertEquals(port, server.getLocalPort());
            }
        }
    }
}
