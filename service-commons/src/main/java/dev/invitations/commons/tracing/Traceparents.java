package dev.invitations.commons.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.reactive.messaging.TracingMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A trace context as its W3C {@code traceparent} text, the form it takes where a Kafka header or HTTP header cannot
 * carry it: an outbox row written now and published later, by another thread, perhaps by another replica. Only the
 * {@code traceparent} is kept: none of our spans set {@code tracestate} entries.
 */
public final class Traceparents {

    /** The header's name, in HTTP and in Kafka alike. */
    public static final String HEADER = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<String> SINGLE_HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return List.of(HEADER);
        }

        @Override
        public String get(String traceparent, String key) {
            return HEADER.equals(key) ? traceparent : null;
        }
    };

    private Traceparents() {
    }

    /** The current span's context, or null when there is none (tracing off, or no span around this code). */
    public static String current() {
        return of(Context.current());
    }

    /** Null when the context holds no valid span, which is what a disabled SDK gives. */
    public static String of(Context context) {
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** A span's own context, for what continues its trace elsewhere (null if it does not record: tracing off). */
    public static String of(Span span) {
        return of(Context.root().with(span));
    }

    /**
     * The span SmallRye Reactive Messaging started for a received record (one per record, batches included), as the
     * parent of what its handling does: null when tracing is off.
     */
    public static String of(Message<?> record) {
        return TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext).map(Traceparents::of).orElse(null);
    }

    /**
     * The context a stored {@code traceparent} names, to continue its trace; the root context for null or for text that
     * is not a W3C traceparent (a new trace then starts rather than a broken one).
     */
    public static Context context(String traceparent) {
        return traceparent == null ? Context.root() : W3C.extract(Context.root(), traceparent, SINGLE_HEADER);
    }
}
