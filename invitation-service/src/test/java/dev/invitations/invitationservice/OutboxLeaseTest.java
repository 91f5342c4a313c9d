package dev.invitations.invitationservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.invitations.commons.outbox.OutboxRelay;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The relay's claims against the real PostgreSQL and Kafka: a claim of another process whose lease ran out (that
 * process died) is taken over and published, a claim whose lease its live owner keeps renewing is left alone, and the
 * heartbeat renews only the rows this process claimed.
 */
@QuarkusTest
@WithKafkaCompanion
class OutboxLeaseTest {

    private static final String TOPIC = "invitation-service.outbox-lease-test";

    KafkaCompanion kafka;

    @Inject
    OutboxRelay relay;

    @Test
    void aDeadOwnersExpiredClaimIsPublishedByThisInstance() throws SQLException {
        String key = UUID.randomUUID().toString();
        UUID orphan = UUID.randomUUID();
        try (Connection db = TestDatabase.connect()) {
            insertClaimed(db, orphan, key, UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.SECONDS));
        }
        assertPublishedAlone(key, orphan);
        try (Connection db = TestDatabase.connect()) {
            assertNotNull(column(db, orphan, "published_at"));
        }
    }

    /** The live owner's row is older than the free one: the relay took the free one in a batch that skipped it. */
    @Test
    void aLiveOwnersClaimIsNotTakenOver() throws SQLException {
        String key = UUID.randomUUID().toString();
        UUID held = UUID.randomUUID();
        UUID free = UUID.randomUUID();
        try (Connection db = TestDatabase.connect()) {
            db.setAutoCommit(false);
            insertClaimed(db, held, key, UUID.randomUUID(), Instant.now().plus(1, ChronoUnit.HOURS));
            insertClaimed(db, free, key, null, null);
            db.commit();
        }
        assertPublishedAlone(key, free);
        try (Connection db = TestDatabase.connect()) {
            assertNull(column(db, held, "published_at"));
            markPublished(db, held);
        }
    }

    /**
     * Both rows are held by a pipeline of this process as far as the heartbeat knows, and both claims run far ahead so
     * that the relay leaves them alone; a renewal brings a claim to one lease from now, which is sooner.
     */
    @Test
    void theHeartbeatRenewsOnlyThisProcesssClaims() throws Throwable {
        String key = UUID.randomUUID().toString();
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        Timestamp farAhead = Timestamp.from(Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS));
        try (Connection db = TestDatabase.connect()) {
            insertClaimed(db, mine, key, relay.leases().owner(), farAhead.toInstant());
            insertClaimed(db, theirs, key, UUID.randomUUID(), farAhead.toInstant());
        }
        relay.leases().holding(List.of(mine, theirs));
        try {
            VertxContextSupport.subscribeAndAwait(() -> relay.heartbeat());
        } finally {
            relay.leases().released(List.of(mine, theirs));
        }
        try (Connection db = TestDatabase.connect()) {
            assertNotEquals(farAhead, column(db, mine, "claimed_until"));
            assertEquals(farAhead, column(db, theirs, "claimed_until"));
            markPublished(db, mine);
            markPublished(db, theirs);
        }
    }

    /** The only event of {@code key} on the topic, once, is {@code id}. */
    private void assertPublishedAlone(String key, UUID id) {
        try (TopicRecords records = TopicRecords.of(kafka, TOPIC, Set.of(key))) {
            List<ConsumerRecord<String, String>> published = records.exactly(1);
            assertEquals(id.toString(), KafkaCompanion.getHeader(published.get(0).headers(), CloudEventHeaders.ID));
        }
    }

    private static void insertClaimed(Connection db, UUID id, String key, UUID owner, Instant until) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into outbox_event (id, topic, message_key, event_type, payload, created_at, claimed_by, claimed_until)
                values (?, ?, ?, 'dev.invitations.test.OutboxLeaseProbe', '{}', clock_timestamp(), ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, TOPIC);
            insert.setString(3, key);
            insert.setObject(4, owner);
            insert.setTimestamp(5, until == null ? null : Timestamp.from(until));
            insert.executeUpdate();
        }
    }

    private static Object column(Connection db, UUID id, String column) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("select " + column + " from outbox_event where id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getObject(1);
            }
        }
    }

    /** Leaves no row claimed for an hour behind for the other tests' relay to skip over. */
    private static void markPublished(Connection db, UUID id) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("update outbox_event set published_at = now() where id = ?")) {
            update.setObject(1, id);
            update.executeUpdate();
        }
    }
}
