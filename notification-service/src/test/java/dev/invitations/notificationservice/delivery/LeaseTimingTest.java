package dev.invitations.notificationservice.delivery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A process must renew its claims before they run out: a heartbeat no shorter than the lease would let another
 * dispatcher send a live process's emails a second time, so such a configuration fails the start.
 */
class LeaseTimingTest {

    @Test
    void aHeartbeatNoShorterThanTheLeaseRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> new DeliveryLeases(Duration.ofSeconds(20), Duration.ofSeconds(20)));
        assertThrows(IllegalStateException.class, () -> new DeliveryLeases(Duration.ofSeconds(5), Duration.ofSeconds(6)));
    }

    @Test
    void theDefaultsStart() {
        assertDoesNotThrow(() -> new DeliveryLeases(Duration.ofSeconds(20), Duration.ofSeconds(5)));
    }
}
