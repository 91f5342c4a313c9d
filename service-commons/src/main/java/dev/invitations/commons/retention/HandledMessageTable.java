package dev.invitations.commons.retention;

/**
 * A table of a service's own that, like {@code processed_event}, remembers messages it handled by their id so that a
 * redelivery changes nothing, and that would otherwise grow by one row per message for ever. A service declares it as
 * a CDI bean; {@link EventHistoryRetention} purges it with the processed-events window, which outlives every
 * redelivery and re-drive.
 *
 * <p>The names are the service's own constants, never input: they go into the purge statement as identifiers.
 *
 * @param table the table
 * @param keyColumn its primary key
 * @param handledAtColumn when the message was handled ({@code timestamptz})
 */
public record HandledMessageTable(String table, String keyColumn, String handledAtColumn) {

    public HandledMessageTable {
        for (String identifier : new String[] {table, keyColumn, handledAtColumn}) {
            if (identifier == null || !identifier.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("Not a plain SQL identifier: " + identifier);
            }
        }
    }

    String purgeStatement() {
        return "delete from " + table + " where " + keyColumn + " in (select " + keyColumn + " from " + table
                + " where " + handledAtColumn + " < now() - make_interval(secs => :windowSeconds) order by "
                + handledAtColumn + " limit :batchSize for update skip locked)";
    }
}
