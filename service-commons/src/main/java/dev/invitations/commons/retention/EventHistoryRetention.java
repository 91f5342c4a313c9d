package dev.invitations.commons.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Purges the event history every service keeps: outbox rows already published, the ids of events already handled, and
 * a service's own tables of handled messages ({@link HandledMessageTable}, e.g. invitation-service's command answers).
 * They otherwise grow by one row per event for ever.
 *
 * <p>A processed-event id is what makes a redelivered event change nothing, so it must outlive every redelivery:
 * Kafka keeps a record 7 days (the broker's default {@code log.retention.hours}), and a dead-lettered record may be
 * re-driven from its dead-letter topic within that time again; the default window, 14 days, outlasts both. A
 * published outbox row is needed by nobody (the relay reads only unpublished ones) and is kept 3 days for
 * troubleshooting.
 *
 * <p>Each batch is its own short transaction that deletes at most {@code batch-size} rows, chosen with
 * {@code for update skip locked}: replicas purging at the same time take different rows, and a purge never holds
 * locks long enough to stall the relay or a consumer. Created at startup, so that a window too short fails the start.
 */
@Startup
@ApplicationScoped
public class EventHistoryRetention {

    private static final String PURGE_PUBLISHED_OUTBOX = """
            delete from outbox_event where id in (
                select id from outbox_event where published_at < now() - make_interval(secs => :windowSeconds)
                order by published_at limit :batchSize for update skip locked)""";

    private static final HandledMessageTable PROCESSED_EVENTS =
            new HandledMessageTable("processed_event", "event_id", "processed_at");

    private final Duration outboxWindow;
    private final Duration processedEventsWindow;
    private final int batchSize;
    private final int maxBatches;
    private final Counter purgedOutbox;
    private final List<Purge> handledMessagePurges;

    EventHistoryRetention(@ConfigProperty(name = "portal.retention.outbox-window", defaultValue = "3d") Duration outboxWindow,
            @ConfigProperty(name = "portal.retention.processed-events-window", defaultValue = "14d") Duration processedEventsWindow,
            @ConfigProperty(name = "portal.retention.batch-size", defaultValue = "5000") int batchSize,
            @ConfigProperty(name = "portal.retention.max-batches", defaultValue = "100") int maxBatches,
            @All List<HandledMessageTable> serviceTables, MeterRegistry registry) {
        if (processedEventsWindow.compareTo(Duration.ofDays(8)) < 0) {
            throw new IllegalStateException("portal.retention.processed-events-window is " + processedEventsWindow
                    + ": it must outlast Kafka's 7-day retention and a re-drive, or a redelivered event would apply twice");
        }
        this.outboxWindow = outboxWindow;
        this.processedEventsWindow = processedEventsWindow;
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
        this.purgedOutbox = purgedCounter(registry, "outbox_event");
        this.handledMessagePurges = Stream.concat(Stream.of(PROCESSED_EVENTS), serviceTables.stream())
                .map(table -> new Purge(table.purgeStatement(), purgedCounter(registry, table.table())))
                .toList();
    }

    private static Counter purgedCounter(MeterRegistry registry, String table) {
        return Counter.builder("portal.retention.purged").description("Rows of the event history deleted after their window")
                .tag("table", table).register(registry);
    }

    /** Every replica may run it: skip locked keeps their batches apart. Bounded: a backlog is finished on later runs. */
    @Scheduled(every = "${portal.retention.interval:10m}", delayed = "${portal.retention.first-delay:2m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purge() {
        Uni<Long> purges = purgeInBatches(PURGE_PUBLISHED_OUTBOX, outboxWindow, purgedOutbox, 0, 0);
        for (Purge handled : handledMessagePurges) {
            purges = purges.chain(() -> purgeInBatches(handled.statement(), processedEventsWindow, handled.purged(), 0, 0));
        }
        return purges
                .onFailure().invoke(e -> Log.warnf("Purging the event history failed; the next run goes on: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Long> purgeInBatches(String statement, Duration window, Counter purged, int batchesDone, long rowsSoFar) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(statement)
                        .setParameter("windowSeconds", (double) window.toSeconds())
                        .setParameter("batchSize", batchSize)
                        .executeUpdate()))
                .flatMap(deleted -> {
                    purged.increment(deleted);
                    long total = rowsSoFar + deleted;
                    return deleted == batchSize && batchesDone + 1 < maxBatches
                            ? purgeInBatches(statement, window, purged, batchesDone + 1, total)
                            : Uni.createFrom().item(total);
                });
    }

    private record Purge(String statement, Counter purged) {
    }
}
