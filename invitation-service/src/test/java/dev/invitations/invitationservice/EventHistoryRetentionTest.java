package dev.invitations.invitationservice;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.commons.retention.EventHistoryRetention;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The event history is purged past its windows (published outbox rows 3 days, processed-event ids and answered
 * commands 14 days) in batches, and nothing younger goes: a handled event's or command's id must outlive every
 * redelivery.
 */
@QuarkusTest
class EventHistoryRetentionTest {

    /** More than two of the default batches of 5,000, so that the purge has to go on after a full batch. */
    private static final int OLD_PUBLISHED = 12_001;

    @Inject
    EventHistoryRetention retention;

    @Inject
    MeterRegistry registry;

    @Test
    void rowsPastTheirWindowAreDeletedInBatchesAndYoungerOnesStay() throws Throwable {
        String run = "retention-" + System.nanoTime();
        double purgedBefore = purged("outbox_event");
        try (Connection db = TestDatabase.connect()) {
            insertPublished(db, run + "-old", OLD_PUBLISHED, "4 days");
            insertPublished(db, run + "-young", 3, "2 days");
            insertProcessed(db, run + "-old", 5, "15 days");
            insertProcessed(db, run + "-young", 5, "13 days");
            insertAnsweredCommands(db, run + "-old", 4, "15 days");
            insertAnsweredCommands(db, run + "-young", 4, "13 days");

            VertxContextSupport.subscribeAndAwait(() -> retention.purge());

            assertAll(
                    () -> assertEquals(0, count(db, "select count(*) from outbox_event where event_type = ?", run + "-old")),
                    () -> assertEquals(3, count(db, "select count(*) from outbox_event where event_type = ?", run + "-young")),
                    () -> assertEquals(0, count(db, "select count(*) from processed_event where event_type = ?", run + "-old")),
                    () -> assertEquals(5, count(db, "select count(*) from processed_event where event_type = ?", run + "-young")),
                    () -> assertEquals(0, count(db, "select count(*) from command_result where command_id like ? || '-%'", run + "-old")),
                    () -> assertEquals(4, count(db, "select count(*) from command_result where command_id like ? || '-%'", run + "-young")),
                    () -> assertTrue(purged("outbox_event") - purgedBefore >= OLD_PUBLISHED, "the purged rows are counted"));
        }
    }

    private static void insertPublished(Connection db, String eventType, int rows, String age) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into outbox_event (id, topic, message_key, event_type, payload, created_at, published_at)
                select gen_random_uuid(), 'invitations.sent', 'key', ?, '{}', now() - cast(? as interval), now() - cast(? as interval)
                from generate_series(1, ?)""")) {
            insert.setString(1, eventType);
            insert.setString(2, age);
            insert.setString(3, age);
            insert.setInt(4, rows);
            insert.executeUpdate();
        }
    }

    private static void insertProcessed(Connection db, String eventType, int rows, String age) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into processed_event (event_id, event_type, processed_at)
                select gen_random_uuid(), ?, now() - cast(? as interval) from generate_series(1, ?)""")) {
            insert.setString(1, eventType);
            insert.setString(2, age);
            insert.setInt(3, rows);
            insert.executeUpdate();
        }
    }

    private static void insertAnsweredCommands(Connection db, String idPrefix, int rows, String age) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into command_result (command_id, command_type, result, received_at)
                select ? || '-' || n, 'CreateContact', '{}', now() - cast(? as interval) from generate_series(1, ?) n""")) {
            insert.setString(1, idPrefix);
            insert.setString(2, age);
            insert.setInt(3, rows);
            insert.executeUpdate();
        }
    }

    private static long count(Connection db, String query, String eventType) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(query)) {
            select.setString(1, eventType);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private double purged(String table) {
        var counter = registry.find("portal.retention.purged").tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }
}
