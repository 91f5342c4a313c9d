package dev.invitations.commons.outbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The relay's timeouts: the publish timeout must outlast the producer's delivery timeout, or a batch the producer may
 * still deliver is given up, released and sent again out of order; the heartbeat must be shorter than the claim lease,
 * or a live relay's claims run out between two renewals. The lease itself no longer needs to outlast the publish
 * timeout: it is renewed while the batch is out. A configuration that breaks either is refused.
 */
class OutboxPublisherTimeoutsTest {

    private static final long DELIVERY_TIMEOUT_MILLIS = 30_000;
    private static final Duration LEASE = Duration.ofSeconds(20);

    @Test
    void aPublishTimeoutShorterThanTheProducersDeliveryTimeoutIsRefused() {
        assertThrows(IllegalStateException.class, () -> publisher(Duration.ofSeconds(10)));
    }

    @Test
    void thePublishTimeoutsDefaultIsAccepted() {
        assertDoesNotThrow(() -> publisher(Duration.ofSeconds(35)));
    }

    @Test
    void aHeartbeatNoShorterThanTheLeaseRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> relay(LEASE, LEASE));
    }

    /** 20 s, shorter than the 35 s publish timeout: a live relay renews it for as long as it waits for the broker. */
    @Test
    void theLeasesDefaultsStartThoughTheLeaseIsShorterThanThePublishTimeout() {
        assertDoesNotThrow(() -> relay(LEASE, Duration.ofSeconds(5)));
    }

    private static OutboxPublisher publisher(Duration publishTimeout) {
        // The emitter is only used to publish, never by the check the constructor makes.
        return new OutboxPublisher(null, publishTimeout, DELIVERY_TIMEOUT_MILLIS, "invitation-service", null);
    }

    private static OutboxRelay relay(Duration lease, Duration heartbeat) {
        // The publisher and Vert.x are only used once started, never by the check the constructor makes.
        return new OutboxRelay(null, null, 500, Duration.ofMillis(100), lease, heartbeat);
    }
}
