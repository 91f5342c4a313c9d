package dev.invitations.commons.outbox;

import dev.invitations.contract.CloudEventHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.hibernate.reactive.mutiny.Mutiny;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes one batch of committed outbox rows to Kafka and marks them published, at least once.
 *
 * <p>Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several replicas of a service can run the relay without
 * publishing the same row twice; a row is marked only after Kafka acknowledged it, so a crash in between republishes it
 * and consumers drop the copy by event id.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final String CLAIM_BATCH = """
            select * from outbox_event where published_at is null
            order by created_at limit :batchSize for update skip locked""";

    private static final String MARK_PUBLISHED = "update outbox_event set published_at = :publishedAt where id = any(:ids)";

    private final MutinyEmitter<String> kafka;
    private final int batchSize;
    private final Duration publishTimeout;
    private final String source;

    public OutboxPublisher(@Channel("outbox") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> kafka,
            @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "outbox.relay.publish-timeout", defaultValue = "10s") Duration publishTimeout,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.publishTimeout = publishTimeout;
        this.source = "/" + source;
    }

    /**
     * Opens after repeated failures (broker down) so that a dead broker is not sent the same rows on every tick;
     * the rows stay unpublished and go out once the breaker lets a batch through again.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5000)
    @CircuitBreakerName("outbox-relay")
    public Uni<Integer> publishBatch() {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM_BATCH, OutboxEvent.class)
                        .setParameter("batchSize", batchSize)
                        .getResultList()
                        .flatMap(events -> publishAndMark(session, events))));
    }

    /** False until the Kafka connector has subscribed to the channel: sending before that is refused. */
    public boolean connected() {
        return kafka.hasRequests();
    }

    private Uni<Integer> publishAndMark(Mutiny.Session session, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Uni<Void>> sends = events.stream().map(this::send).toList();
        // One statement for the whole batch: updating the entities would rewrite every row, payload included.
        UUID[] ids = events.stream().map(event -> event.id).toArray(UUID[]::new);
        return Uni.join().all(sends).andFailFast()
                .ifNoItem().after(publishTimeout).fail()
                .flatMap(published -> session.createNativeQuery(MARK_PUBLISHED)
                        .setParameter("publishedAt", Instant.now())
                        .setParameter("ids", ids)
                        .executeUpdate())
                .replaceWith(events.size());
    }

    private Uni<Void> send(OutboxEvent event) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.ID, event.id.toString());
        header(headers, CloudEventHeaders.TYPE, event.eventType);
        header(headers, CloudEventHeaders.SOURCE, source);
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(event.createdAt));
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic)
                .withKey(event.messageKey)
                .withHeaders(headers)
                .build();
        return kafka.sendMessage(Message.of(event.payload).addMetadata(metadata));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
