package dev.invitations.redemptionservice.redemption;

import dev.invitations.commons.inbox.JsonRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Writes the rows of an applied batch in one statement: each table's rows travel as one JSON array ({@link JsonRows}),
 * one data-modifying CTE per table. Persisting them one entity at a time cost about as much CPU per row in Hibernate
 * as the database spent on the whole batch, and a statement per table was a round trip per table. The foreign keys
 * hold: PostgreSQL checks them at the end of the statement, when every CTE has run. Must run inside the batch's
 * transaction.
 */
@ApplicationScoped
class BatchWriter {

    /** The parent account of a contact changes only through the rules in RedemptionGrants, under the row lock. */
    private static final String WRITE = """
            with access as (
                insert into contact_access
                select * from jsonb_populate_recordset(cast(null as contact_access), cast(cast(:access as text) as jsonb))
                on conflict (contact_id) do update set parent_account_id = excluded.parent_account_id,
                    parent_assigned_at = excluded.parent_assigned_at, updated_at = excluded.updated_at),
            activities as (
                insert into redemption_activity
                select * from jsonb_populate_recordset(cast(null as redemption_activity), cast(cast(:activities as text) as jsonb))),
            activity_roles as (
                insert into redemption_activity_web_role
                select * from jsonb_populate_recordset(cast(null as redemption_activity_web_role),
                    cast(cast(:activityRoles as text) as jsonb)))
            insert into contact_web_role
            select * from jsonb_populate_recordset(cast(null as contact_web_role), cast(cast(:grants as text) as jsonb))""";

    Uni<Void> write(List<Rows.ContactAccessRow> access, List<Rows.ActivityRow> activities,
            List<Rows.ActivityWebRoleRow> activityRoles, List<Rows.ContactWebRoleRow> grants) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(WRITE)
                        .setParameter("access", JsonRows.of(access))
                        .setParameter("activities", JsonRows.of(activities))
                        .setParameter("activityRoles", JsonRows.of(activityRoles))
                        .setParameter("grants", JsonRows.of(grants))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
