package dev.invitations.redemptionservice.redemption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.invitations.contract.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Writes the rows of an applied batch with one statement per table: the rows travel as one JSON array that PostgreSQL
 * turns into the table's row type ({@code jsonb_populate_recordset}). Persisting them one entity at a time cost about
 * as much CPU per row in Hibernate as the database spent on the whole batch, and the consumer's rate is what this
 * service is measured by. The parameter is sent as text: the pg client would send a String bound to a jsonb parameter
 * as one JSON string. Must run inside the batch's transaction.
 */
@ApplicationScoped
class BatchWriter {

    static final String CONTACT_ACCESS = "contact_access";
    static final String CONTACT_WEB_ROLE = "contact_web_role";
    static final String ACTIVITY = "redemption_activity";
    static final String ACTIVITY_WEB_ROLE = "redemption_activity_web_role";

    private static final ObjectMapper ROWS = EventJson.configure(new ObjectMapper())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** The parent account of a contact changes only through the rules in RedemptionGrants, under the row lock. */
    private static final String UPSERT_CONTACT_ACCESS = """
            insert into contact_access
            select * from jsonb_populate_recordset(cast(null as contact_access), cast(cast(:rows as text) as jsonb))
            on conflict (contact_id) do update set parent_account_id = excluded.parent_account_id,
                parent_assigned_at = excluded.parent_assigned_at, updated_at = excluded.updated_at""";

    Uni<Void> upsertContactAccess(List<Rows.ContactAccessRow> rows) {
        return execute(UPSERT_CONTACT_ACCESS, rows);
    }

    /** @param table one of this class's table constants: never text from outside */
    Uni<Void> insert(String table, List<?> rows) {
        return execute("insert into " + table + " select * from jsonb_populate_recordset(cast(null as " + table
                + "), cast(cast(:rows as text) as jsonb))", rows);
    }

    private static Uni<Void> execute(String sql, List<?> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(sql)
                        .setParameter("rows", json(rows))
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static String json(List<?> rows) {
        try {
            return ROWS.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Rows cannot be written as JSON", e);
        }
    }
}
