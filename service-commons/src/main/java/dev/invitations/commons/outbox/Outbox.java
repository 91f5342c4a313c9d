package dev.invitations.commons.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.commons.tracing.Traceparents;
import dev.invitations.contract.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the caller's transaction. Publishing straight to Kafka after a commit would lose the event
 * on a crash in between; the relay publishes what was committed instead.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT_ALL = """
            insert into outbox_event (id, topic, message_key, event_type, payload, created_at, traceparent)
            select id, cast(:topic as varchar), message_key, cast(:eventType as varchar), payload, cast(:createdAt as timestamptz), traceparent
            from unnest(cast(:ids as uuid[]), cast(:keys as varchar[]), cast(:payloads as text[]), cast(:traceparents as varchar[]))
                as message(id, message_key, payload, traceparent)""";

    private final ObjectMapper json = EventJson.mapper();

    /**
     * One event of a batch: the Kafka key, the event id (the CloudEvents id), the event, and the W3C trace context its
     * publication continues (null: none).
     */
    public record Message(String key, UUID eventId, Object event, String traceparent) {

        /** In the current trace: for a change made on behalf of one request or one event. */
        public Message(String key, UUID eventId, Object event) {
            this(key, eventId, event, Traceparents.current());
        }
    }

    /** Must run inside the transaction that makes the change the event reports; the row carries the current trace. */
    public Uni<Void> append(String topic, String key, String eventType, UUID eventId, Object event) {
        return Uni.createFrom().item(() -> toRow(topic, key, eventType, eventId, event))
                .flatMap(row -> row.persist())
                .replaceWithVoid();
    }

    /**
     * {@link #append} for many events of one type in one statement, whatever their number: for changes that emit
     * thousands of events at once (a bulk send). Must run inside the transaction that makes the change.
     */
    public Uni<Void> appendAll(String topic, String eventType, List<Message> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = new UUID[messages.size()];
        String[] keys = new String[messages.size()];
        String[] payloads = new String[messages.size()];
        String[] traceparents = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            ids[i] = message.eventId();
            keys[i] = message.key();
            payloads[i] = toJson(eventType, message.event());
            traceparents[i] = message.traceparent();
        }
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(INSERT_ALL)
                        .setParameter("topic", topic)
                        .setParameter("eventType", eventType)
                        .setParameter("createdAt", Instant.now())
                        .setParameter("ids", ids)
                        .setParameter("keys", keys)
                        .setParameter("payloads", payloads)
                        .setParameter("traceparents", traceparents)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private OutboxEvent toRow(String topic, String key, String eventType, UUID eventId, Object event) {
        OutboxEvent row = new OutboxEvent();
        row.id = eventId;
        row.topic = topic;
        row.messageKey = key;
        row.eventType = eventType;
        row.createdAt = Instant.now();
        row.payload = toJson(eventType, event);
        row.traceparent = Traceparents.current();
        return row;
    }

    private String toJson(String eventType, Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + eventType + " cannot be written as JSON", e);
        }
    }
}
