package dev.invitations.commons.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox rows not yet published and the age of the oldest, as gauges: {@value #BACKLOG} and {@value #OLDEST}.
 * A growing backlog or an old row means the relay cannot reach the broker or cannot keep up.
 *
 * <p>Counted on a timer, not on every scrape: one scrape per replica per interval would otherwise each count the
 * table, and a backlog of a million rows makes that a noticeable scan. The partial index on unpublished rows keeps the
 * count to those rows. Every replica counts the same table, so the series agree: take their maximum, never their sum.
 * While the database does not answer, both read NaN (unknown) rather than a stale figure.
 */
@Startup
@ApplicationScoped
public class OutboxBacklog {

    public static final String BACKLOG = "portal.outbox.backlog";
    public static final String OLDEST = "portal.outbox.oldest.unpublished";

    private static final String COUNT_UNPUBLISHED = """
            select count(*) as unpublished, coalesce(extract(epoch from now() - min(created_at)), 0) as oldest_seconds
            from outbox_event where published_at is null""";

    private final Pool database;
    private volatile double unpublished = Double.NaN;
    private volatile double oldestSeconds = Double.NaN;

    OutboxBacklog(Pool database, MeterRegistry meters) {
        this.database = database;
        Gauge.builder(BACKLOG, this, backlog -> backlog.unpublished)
                .description("Outbox rows not yet published to Kafka (refreshed every portal.outbox.backlog-interval)")
                .baseUnit("rows").register(meters);
        Gauge.builder(OLDEST, this, backlog -> backlog.oldestSeconds)
                .description("Age of the oldest outbox row not yet published; 0 when none waits")
                .baseUnit("seconds").register(meters);
    }

    @Scheduled(every = "${portal.outbox.backlog-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refresh() {
        return database.query(COUNT_UNPUBLISHED).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    unpublished = row.getLong("unpublished");
                    oldestSeconds = row.getNumeric("oldest_seconds").doubleValue();
                })
                .onFailure().invoke(e -> {
                    unpublished = Double.NaN;
                    oldestSeconds = Double.NaN;
                    Log.debugf("Outbox backlog not counted: %s", e.toString());
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
