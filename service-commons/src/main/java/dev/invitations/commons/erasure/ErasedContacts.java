package dev.invitations.commons.erasure;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The contacts erased at invitation-service, as this service learnt from ContactErased: one row per contact id in the
 * service's own {@code erased_contact} table (each consuming service's migration creates it), kept for good.
 *
 * <p>The topics have no order between them, so an event about a contact (an InvitationSent redelivered, an
 * InvitationRedeemed a lagging consumer reads late) may arrive after the contact's erasure; a consumer that stores
 * personal data asks {@link #among} first and stores none for an erased contact. A contact id names nobody once the
 * contact is erased, so keeping it is no personal data kept.
 *
 * <p>An erasure and a consumer storing data of the same contact may run at the same moment, each in its own
 * transaction: neither would see what the other has not committed, and the data stored would outlive the erasure. So
 * both take transaction-scoped advisory locks on the contacts first, the erasure exclusive, the consumers shared: a
 * consumer that comes second sees the erasure committed, an erasure that comes second erases what the consumer stored.
 * A lock covers one of {@value #LOCK_BUCKETS} buckets of contact ids rather than one contact, so that a batch of 500
 * events takes at most that many of PostgreSQL's lock slots, which all services on the server share; shared locks never
 * wait for each other, so consumers only ever wait for an erasure. The buckets are locked in order, so that two
 * transactions never wait for each other in a circle.
 */
@ApplicationScoped
public class ErasedContacts {

    private static final String RECORD = """
            insert into erased_contact (contact_id, recorded_at)
            select contact_id, now() from unnest(cast(:contactIds as uuid[])) as contact_id
            on conflict (contact_id) do nothing""";

    static final int LOCK_BUCKETS = 64;

    /** The first key of PostgreSQL's two-key advisory locks: these locks' own space (issue 17). */
    private static final int LOCK_SPACE = 17;

    private static final String BUCKETS = """
            (select distinct cast(hashtextextended(cast(contact_id as text), 0) & %d as integer) as bucket
             from unnest(cast(:contactIds as uuid[])) as contact_id order by bucket) as buckets""".formatted(LOCK_BUCKETS - 1);

    private static final String LOCK_FOR_ERASURE =
            "select count(pg_advisory_xact_lock(" + LOCK_SPACE + ", bucket)) from " + BUCKETS;

    private static final String LOCK_AGAINST_ERASURE =
            "select count(pg_advisory_xact_lock_shared(" + LOCK_SPACE + ", bucket)) from " + BUCKETS;

    private static final String AMONG = """
            select contact_id from erased_contact where contact_id = any(cast(:contactIds as uuid[]))""";

    /** Must run inside the transaction that erases the contacts' data, before it erases anything. */
    public Uni<Void> record(Collection<UUID> contactIds) {
        UUID[] ids = distinct(contactIds);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(LOCK_FOR_ERASURE).setParameter("contactIds", ids).getSingleResult()
                        .chain(() -> session.createNativeQuery(RECORD).setParameter("contactIds", ids).executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * Must run inside the transaction that stores the contacts' data, before it stores any; waits for an erasure of
     * one of them under way.
     *
     * @return those of the contacts that were erased
     */
    public Uni<Set<UUID>> among(Collection<UUID> contactIds) {
        if (contactIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        UUID[] ids = distinct(contactIds);
        // Two statements: under READ COMMITTED the second reads what an erasure it waited for committed.
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(LOCK_AGAINST_ERASURE).setParameter("contactIds", ids).getSingleResult()
                        .chain(() -> session.createNativeQuery(AMONG, UUID.class).setParameter("contactIds", ids).getResultList()))
                .map(Set::copyOf);
    }

    private static UUID[] distinct(Collection<UUID> contactIds) {
        return new LinkedHashSet<>(contactIds).toArray(UUID[]::new);
    }
}
