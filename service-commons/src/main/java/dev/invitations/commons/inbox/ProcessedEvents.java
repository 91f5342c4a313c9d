package dev.invitations.commons.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The consumer half of exactly-once effect: an event id is recorded in the same transaction as the effect it causes.
 * A redelivered event finds its id already there and must change nothing. When two deliveries of one event race,
 * the second insert waits on the first transaction's row lock and then sees the conflict.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String RECORD = """
            insert into processed_event (event_id, event_type, processed_at) values (:eventId, :eventType, now())
            on conflict (event_id) do nothing""";

    private static final String RECORD_ALL = """
            insert into processed_event (event_id, event_type, processed_at)
            select event_id, :eventType, now() from unnest(cast(:eventIds as uuid[])) as event_id
            on conflict (event_id) do nothing
            returning event_id""";

    /** @return true the first time this event id is seen; must run inside the transaction of the effect. */
    public Uni<Boolean> recordFirstHandling(UUID eventId, String eventType) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(RECORD)
                        .setParameter("eventId", eventId)
                        .setParameter("eventType", eventType)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * {@link #recordFirstHandling} for a whole batch of events in one statement, for consumers that apply a polled batch
     * in one transaction: one round trip instead of one per event.
     *
     * @return the ids seen for the first time; must run inside the transaction of the effect
     */
    public Uni<Set<UUID>> recordFirstHandlings(Collection<UUID> eventIds, String eventType) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        UUID[] distinct = new LinkedHashSet<>(eventIds).toArray(UUID[]::new);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(RECORD_ALL, UUID.class)
                        .setParameter("eventIds", distinct)
                        .setParameter("eventType", eventType)
                        .getResultList())
                .map(Set::copyOf);
    }

    /**
     * {@link #recordFirstHandlings} for a batch of events: the events whose id was not recorded before, in the order
     * given, each once (a batch may hold the same event twice).
     */
    public <E> Uni<List<E>> firstHandled(List<E> events, Function<E, UUID> id, String eventType) {
        return recordFirstHandlings(events.stream().map(id).toList(), eventType)
                .map(fresh -> {
                    Set<UUID> pending = new HashSet<>(fresh);
                    return events.stream().filter(event -> pending.remove(id.apply(event))).toList();
                });
    }
}
