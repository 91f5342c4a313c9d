package dev.invitations.commons.tracing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trace kept as text (an outbox row, a delivery row) and continued later: the text it was stored as gives back the
 * same trace, and text that is not a W3C traceparent gives no parent, so what continues it starts a trace of its own.
 */
class TraceparentsTest {

    private static final String STORED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aStoredTraceparentContinuesTheSameTraceAndSpan() {
        SpanContext parent = Span.fromContext(Traceparents.context(STORED)).getSpanContext();

        assertAll(
                () -> assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", parent.getTraceId()),
                () -> assertEquals("00f067aa0ba902b7", parent.getSpanId()),
                () -> assertEquals(STORED, Traceparents.of(Traceparents.context(STORED)), "stored again as it was"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not a traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"})
    void textThatIsNotATraceparentGivesNoParent(String stored) {
        assertFalse(Span.fromContext(Traceparents.context(stored)).getSpanContext().isValid());
        assertNull(Traceparents.of(Traceparents.context(stored)), "nothing to store again");
    }
}
