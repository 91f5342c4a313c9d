package dev.invitations.commons.retention;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A processed-event window shorter than Kafka's retention plus a re-drive would let a redelivered event apply twice. */
class EventHistoryRetentionWindowTest {

    @Test
    void aProcessedEventWindowShorterThanEightDaysRefusesToStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> retention(Duration.ofDays(7)));
        assertTrue(refused.getMessage().contains("processed-events-window"), refused.getMessage());
    }

    @Test
    void aServiceTableNamedWithAnythingButPlainIdentifiersIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new HandledMessageTable("command_result; drop table contact", "command_id", "received_at"));
    }

    @Test
    void theDefaultWindowStarts() {
        assertDoesNotThrow(() -> retention(Duration.ofDays(14)));
    }

    private static EventHistoryRetention retention(Duration processedEventsWindow) {
        return new EventHistoryRetention(Duration.ofDays(3), processedEventsWindow, 5000, 100, List.of(), new SimpleMeterRegistry());
    }
}
