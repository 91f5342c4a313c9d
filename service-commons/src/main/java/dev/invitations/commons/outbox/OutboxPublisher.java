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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes one batch of committed outbox rows to Kafka and marks them published, at least once.
 *
 * <p>Rows are claimed with a lease in a short transaction ({@code FOR UPDATE SKIP LOCKED}, so replicas take different
 * rows), published with no transaction open, and marked published in another short one: waiting for the broker never
 * holds a database connection or row locks. A row is marked only after Kafka acknowledged it; a process that dies with
 * a claim leaves it to expire and another publishes it again, and consumers drop the copy by event id. The lease
 * outlasts the publish timeout, which outlasts the producer's own delivery timeout, so a live relay never sees its rows
 * taken by another while the producer may still deliver them.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final String SELECT_CLAIMABLE = """
            select * from outbox_event where published_at is null and (claimed_until is null or claimed_until < now())
            order by created_at limit :batchSize for update skip locked""";

    private static final String CLAIM = """
            update outbox_event set claimed_until = now() + make_interval(secs => :leaseSeconds) where id = any(:ids)""";

    private static final String MARK_PUBLISHED = """
            update outbox_event set published_at = :publishedAt, claimed_until = null where id = any(:ids)""";

    /** Rows whose send failed go back at once, for the next batch after the circuit breaker lets one through. */
    private static final String RELEASE = "update outbox_event set claimed_until = null where id = any(:ids) and published_at is null";

    private final MutinyEmitter<String> kafka;
    private final int batchSize;
    private final Duration publishTimeout;
    private final Duration lease;
    private final String source;

    public OutboxPublisher(@Channel("outbox") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> kafka,
            @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "outbox.relay.publish-timeout", defaultValue = "35s") Duration publishTimeout,
            @ConfigProperty(name = "outbox.relay.lease", defaultValue = "60s") Duration lease,
            @ConfigProperty(name = "mp.messaging.outgoing.outbox.delivery.timeout.ms") long deliveryTimeoutMillis,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        if (publishTimeout.toMillis() < deliveryTimeoutMillis || lease.compareTo(publishTimeout) <= 0) {
            throw new IllegalStateException("The outbox relay needs lease (" + lease + ") > publish-timeout (" + publishTimeout
                    + ") >= the producer's delivery.timeout.ms (" + deliveryTimeoutMillis + " ms): otherwise a batch the producer"
                    + " may still deliver is given up, or claimed by another replica, and reordered");
        }
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.publishTimeout = publishTimeout;
        this.lease = lease;
        this.source = "/" + source;
    }

    /**
     * Opens after repeated failures (broker down) so that a dead broker is not sent the same rows on every tick;
     * the rows stay unpublished and go out once the breaker lets a batch through again.
     *
     * @return how many rows were claimed (a full batch means more may be waiting); fails when any send failed
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5000)
    @CircuitBreakerName("outbox-relay")
    public Uni<Integer> publishBatch() {
        return Panache.withTransaction(() -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery(SELECT_CLAIMABLE, OutboxEvent.class)
                                .setParameter("batchSize", batchSize)
                                .getResultList()
                                .call(events -> events.isEmpty() ? Uni.createFrom().nullItem() : session.createNativeQuery(CLAIM)
                                        .setParameter("leaseSeconds", (double) lease.toSeconds())
                                        .setParameter("ids", ids(events))
                                        .executeUpdate())))
                .flatMap(this::publishAndMark);
    }

    /** False until the Kafka connector has subscribed to the channel: sending before that is refused. */
    public boolean connected() {
        return kafka.hasRequests();
    }

    /** {@code events} in the order they were written: the producer keeps a partition's sends in order, so one key's do. */
    private Uni<Integer> publishAndMark(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        UUID[] ids = ids(events);
        return Uni.join().all(events.stream().map(this::send).toList()).andFailFast()
                .ifNoItem().after(publishTimeout).fail()
                .onItem().transformToUni(published -> update(MARK_PUBLISHED, ids, true))
                .onFailure().call(failure -> update(RELEASE, ids, false))
                .replaceWith(events.size());
    }

    private static UUID[] ids(List<OutboxEvent> events) {
        return events.stream().map(event -> event.id).toArray(UUID[]::new);
    }

    private Uni<Integer> update(String statement, UUID[] ids, boolean published) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> {
            var update = session.createNativeQuery(statement).setParameter("ids", ids);
            return (published ? update.setParameter("publishedAt", Instant.now()) : update).executeUpdate();
        }));
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
