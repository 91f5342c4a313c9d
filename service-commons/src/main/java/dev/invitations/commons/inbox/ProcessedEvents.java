package dev.invitations.commons.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

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

    /** @return true the first time this event id is seen; must run inside the transaction of the effect. */
    public Uni<Boolean> recordFirstHandling(UUID eventId, String eventType) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(RECORD)
                        .setParameter("eventId", eventId)
                        .setParameter("eventType", eventType)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
