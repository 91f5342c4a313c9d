package dev.invitations.commons.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.invitations.contract.EventJson;
import java.util.List;

/**
 * The rows a batch consumer writes, as one JSON array for one statement: PostgreSQL turns it into the table's row type
 * ({@code jsonb_populate_recordset(cast(null as <table>), cast(cast(:rows as text) as jsonb))}), so a whole batch is
 * one statement and one round trip, with none of the CPU that persisting an entity per row costs in Hibernate. Keys
 * are the records' components in snake_case, i.e. the columns' names; a column no component names is null. Sent as
 * text and cast: the pg client would send a String bound to a jsonb parameter as one JSON string.
 */
public final class JsonRows {

    private static final ObjectMapper ROWS = EventJson.configure(new ObjectMapper())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private JsonRows() {
    }

    /** @param rows records named after their table's columns */
    public static String of(List<?> rows) {
        try {
            return ROWS.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Rows cannot be written as JSON", e);
        }
    }
}
