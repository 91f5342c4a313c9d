package dev.invitations.redemptionservice;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Redemptions are applied while reads run. A read that takes several queries (a page and its total, an access row and
 * its web roles) starts its transaction with this, so that all of them see one snapshot: otherwise a client could be
 * told "total 1" next to an empty page.
 */
public final class ReadSnapshot {

    private static final String REPEATABLE_READ_ONLY = "set transaction isolation level repeatable read, read only";

    /** Must be the first statement of a transaction (a {@code @WithTransaction} method). */
    public static Uni<Void> begin() {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(REPEATABLE_READ_ONLY).executeUpdate())
                .replaceWithVoid();
    }

    private ReadSnapshot() {
    }
}
