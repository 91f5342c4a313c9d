package dev.invitations.commons.outbox;

import dev.invitations.commons.lease.Leases;
import dev.invitations.commons.tracing.Traceparents;
import dev.invitations.contract.CloudEventHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
 * a claim leaves it to expire and another publishes it again, and consumers drop the copy by event id.
 *
 * <p>A claim names this process and lasts a short lease that the relay's heartbeat renews while the batch is out ({@link Leases}),
 * so a killed relay's rows go out again within a lease and a heartbeat, while a live relay keeps its rows however long
 * the broker takes. The publish timeout still outlasts the producer's own delivery timeout: a batch given up earlier
 * would be released and sent again while the producer may still deliver the first copy, out of order.
 */
@ApplicationScoped
public class OutboxPublisher {

    /**
     * Claims the oldest unpublished rows nobody holds in one statement, and gives them in the order they were written:
     * rows another relay is claiming right now are skipped rather than waited for.
     */
    private static final String CLAIM = """
            with due as (
                select id from outbox_event where published_at is null and (claimed_until is null or claimed_until < now())
                order by created_at limit $1 for update skip locked),
            claimed as (
                update outbox_event o set claimed_until = now() + make_interval(secs => $2), claimed_by = $3
                from due where o.id = due.id
                returning o.id, o.topic, o.message_key, o.event_type, o.payload, o.created_at, o.traceparent)
            select * from claimed order by created_at""";

    /** Only rows still this process's and unpublished: a claim that ran out and was taken over stays with its holder. */
    private static final String RENEW = """
            update outbox_event set claimed_until = now() + make_interval(secs => :leaseSeconds)
            where id = any(:ids) and claimed_by = :owner and published_at is null""";

    private static final String MARK_PUBLISHED = """
            update outbox_event set published_at = :publishedAt, claimed_until = null, claimed_by = null where id = any(:ids)""";

    private static final String RELEASE = "update outbox_event set claimed_until = null, claimed_by = null where id = any(:ids) and published_at is null";

    private final MutinyEmitter<String> kafka;
    private final Pool database;
    private final Duration publishTimeout;
    private final String source;

    public OutboxPublisher(@Channel("outbox") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> kafka,
            @ConfigProperty(name = "outbox.relay.publish-timeout", defaultValue = "35s") Duration publishTimeout,
            @ConfigProperty(name = "mp.messaging.outgoing.outbox.delivery.timeout.ms") long deliveryTimeoutMillis,
            @ConfigProperty(name = "quarkus.application.name") String source, Pool database) {
        if (publishTimeout.toMillis() < deliveryTimeoutMillis) {
            throw new IllegalStateException("The outbox relay needs publish-timeout (" + publishTimeout + ") >= the producer's"
                    + " delivery.timeout.ms (" + deliveryTimeoutMillis + " ms): otherwise a batch the producer may still"
                    + " deliver is given up, released and sent again out of order");
        }
        this.kafka = kafka;
        this.database = database;
        this.publishTimeout = publishTimeout;
        this.source = "/" + source;
    }

    /**
     * Claims the oldest unpublished rows nobody holds, as {@link OutboxRelay}'s queue.
     *
     * <p>On the reactive client rather than as a Hibernate native query with an entity result: Hibernate caches a new
     * query plan for each execution of such a query (the plans never compare equal), and with a relay polling every 100
     * ms the plan cache's lookups walked one crowded bucket in every service (workflow-service's profile, issue 15).
     */
    Uni<List<OutboxEvent>> claim(int limit, Leases leases) {
        return database.preparedQuery(CLAIM).execute(Tuple.of(limit, leaseSeconds(leases), leases.owner()))
                .map(rows -> {
                    List<OutboxEvent> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        OutboxEvent event = new OutboxEvent();
                        event.id = row.getUUID("id");
                        event.topic = row.getString("topic");
                        event.messageKey = row.getString("message_key");
                        event.eventType = row.getString("event_type");
                        event.payload = row.getString("payload");
                        event.createdAt = row.getOffsetDateTime("created_at").toInstant();
                        event.traceparent = row.getString("traceparent");
                        claimed.add(event);
                    }
                    return claimed;
                });
    }

    /** Keeps the claims of the batch being published while the broker takes its time. */
    Uni<Integer> renew(UUID[] ids, Leases leases) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(RENEW)
                .setParameter("leaseSeconds", leaseSeconds(leases))
                .setParameter("owner", leases.owner())
                .setParameter("ids", ids)
                .executeUpdate()));
    }

    private static double leaseSeconds(Leases leases) {
        return leases.lease().toMillis() / 1000.0;
    }

    /** False until the Kafka connector has subscribed to the channel: sending before that is refused. */
    public boolean connected() {
        return kafka.hasRequests();
    }

    /**
     * Publishes claimed rows and marks them published. Opens after repeated failures (broker down) so that a dead broker
     * is not sent the same rows on every tick; the rows stay unpublished and go out once the breaker lets a batch
     * through again. A failure (the breaker's too) leaves the rows claimed: the caller {@link #release releases} them.
     *
     * <p>{@code events} in the order they were written: the producer keeps a partition's sends in order, so one key's do.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5000)
    @CircuitBreakerName("outbox-relay")
    public Uni<Void> publish(List<OutboxEvent> events) {
        return Uni.join().all(events.stream().map(this::send).toList()).andFailFast()
                .ifNoItem().after(publishTimeout).fail()
                .onItem().transformToUni(published -> update(MARK_PUBLISHED, ids(events), true))
                .replaceWithVoid();
    }

    /** Rows whose send failed go back at once, for the next batch after the circuit breaker lets one through. */
    Uni<Void> release(List<OutboxEvent> events) {
        return update(RELEASE, ids(events), false).replaceWithVoid();
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
        // The produce span's parent is the trace the row was written in, not whatever the relay's tick runs in: the
        // connector injects that span as the record's traceparent header, so consumers continue the writer's trace.
        return kafka.sendMessage(Message.of(event.payload).addMetadata(metadata)
                .addMetadata(TracingMetadata.withCurrent(Traceparents.context(event.traceparent))));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
