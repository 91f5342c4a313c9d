package dev.invitations.commons.outbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The relay's timeouts must nest: lease > publish timeout >= the producer's delivery timeout, or a batch the producer
 * may still deliver is given up or claimed by another replica. A configuration that breaks the order fails the start.
 */
class OutboxPublisherTimeoutsTest {

    private static final long DELIVERY_TIMEOUT_MILLIS = 30_000;

    @Test
    void aPublishTimeoutShorterThanTheProducersDeliveryTimeoutRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> publisher(Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    @Test
    void aLeaseNoLongerThanThePublishTimeoutRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> publisher(Duration.ofSeconds(35), Duration.ofSeconds(35)));
    }

    @Test
    void theDefaultsStart() {
        assertDoesNotThrow(() -> publisher(Duration.ofSeconds(35), Duration.ofSeconds(60)));
    }

    private static OutboxPublisher publisher(Duration publishTimeout, Duration lease) {
        // The emitter is only used to publish, never by the check the constructor makes.
        return new OutboxPublisher(null, 500, publishTimeout, lease, DELIVERY_TIMEOUT_MILLIS, "invitation-service");
    }
}
