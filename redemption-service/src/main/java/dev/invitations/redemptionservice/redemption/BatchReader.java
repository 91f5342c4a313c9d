package dev.invitations.redemptionservice.redemption;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads what the grants of an applied batch depend on, locking it, in two statements whatever the batch's size. The
 * ids travel as arrays: one SQL text for every batch, where an HQL {@code id in ?1} with a collection made a new text
 * for each number of ids, which Hibernate translated anew (its query-plan cache keyed by the size) and bound id by id.
 * Plain rows rather than entities: nothing read here is changed through the persistence context. Must run inside the
 * batch's transaction.
 */
@ApplicationScoped
class BatchReader {

    /**
     * Web roles share-locked until commit: a web role being deleted meanwhile waits for this transaction and then
     * removes the grant made here, so a contact never keeps a role that no longer exists. Access rows are locked in
     * contact-id order, so that two replicas applying redemptions of the same contacts queue up instead of deadlocking.
     */
    private static final String GRANTED_AND_LOCKED = """
            with roles as (
                select id, name from web_role where id = any(cast(:roleIds as uuid[])) for share),
            accounts as (
                select id from account where id = any(cast(:accountIds as uuid[]))),
            access as (
                select contact_id, parent_account_id, parent_assigned_at from contact_access
                where contact_id = any(cast(:contactIds as uuid[])) order by contact_id for update)
            select 'R', id, cast(null as uuid), name, cast(null as timestamptz) from roles
            union all select 'A', id, null, null, null from accounts
            union all select 'C', contact_id, parent_account_id, null, parent_assigned_at from access""";

    /**
     * A statement of its own after the lock above: under READ COMMITTED it then reads what another replica that held
     * the lock committed, so each computes the union of web roles from the other's grants.
     */
    private static final String HELD = """
            select contact_id, web_role_id from contact_web_role where contact_id = any(cast(:contactIds as uuid[]))""";

    /** A contact's stored access; {@code parentAssignedAt} orders redemptions that arrive out of order. */
    record StoredAccess(UUID contactId, UUID parentAccountId, Instant parentAssignedAt) {
    }

    record HeldRole(UUID contactId, UUID webRoleId) {
    }

    /** What the batch's grants are decided against: the roles and accounts that exist, the contacts' access. */
    record Granted(Map<UUID, String> roleNames, Set<UUID> accounts, List<StoredAccess> access) {
    }

    Uni<Granted> lockGranted(Collection<UUID> contactIds, Collection<UUID> roleIds, Collection<UUID> accountIds) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(GRANTED_AND_LOCKED, Object[].class)
                        .setParameter("contactIds", contactIds.toArray(UUID[]::new))
                        .setParameter("roleIds", roleIds.toArray(UUID[]::new))
                        .setParameter("accountIds", accountIds.toArray(UUID[]::new))
                        .getResultList())
                .map(rows -> {
                    Map<UUID, String> roleNames = new HashMap<>();
                    Set<UUID> accounts = new HashSet<>();
                    List<StoredAccess> access = new ArrayList<>();
                    for (Object[] row : rows) {
                        UUID id = (UUID) row[1];
                        switch ((String) row[0]) {
                            case "R" -> roleNames.put(id, (String) row[3]);
                            case "A" -> accounts.add(id);
                            default -> access.add(new StoredAccess(id, (UUID) row[2], instant(row[4])));
                        }
                    }
                    return new Granted(roleNames, accounts, access);
                });
    }

    Uni<List<HeldRole>> held(Collection<UUID> contactIds) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(HELD, Object[].class)
                        .setParameter("contactIds", contactIds.toArray(UUID[]::new))
                        .getResultList())
                .map(rows -> rows.stream().map(row -> new HeldRole((UUID) row[0], (UUID) row[1])).toList());
    }

    /** Hibernate hands a timestamptz of a native query back as an OffsetDateTime or, depending on its settings, an Instant. */
    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("A timestamp read as " + value.getClass());
    }
}
