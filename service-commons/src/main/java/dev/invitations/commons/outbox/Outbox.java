package dev.invitations.commons.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.contract.EventJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes events into the caller's transaction. Publishing straight to Kafka after a commit would lose the event
 * on a crash in between; the relay publishes what was committed instead.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json = EventJson.mapper();

    /** Must run inside the transaction that makes the change the event reports. */
    public Uni<Void> append(String topic, String key, String eventType, UUID eventId, Object event) {
        return Uni.createFrom().item(() -> toRow(topic, key, eventType, eventId, event))
                .flatMap(row -> row.persist())
                .replaceWithVoid();
    }

    private OutboxEvent toRow(String topic, String key, String eventType, UUID eventId, Object event) {
        OutboxEvent row = new OutboxEvent();
        row.id = eventId;
        row.topic = topic;
        row.messageKey = key;
        row.eventType = eventType;
        row.createdAt = Instant.now();
        try {
            row.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + eventType + " cannot be written as JSON", e);
        }
        return row;
    }
}
