package dev.invitations.notificationservice;

import dev.invitations.contract.InvitationSent;
import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Delivery rows read and written straight in the service's schema, for what no API does: a claim another process left. */
public final class StoredDeliveries {

    /** A delivery row as the dispatcher and the heartbeat see it. */
    public record Stored(String status, UUID leaseOwner, Instant leaseExpiresAt, int attempts) {
    }

    /**
     * What a process leaves behind when it claimed a delivery for sending and did not record its outcome (it died, or
     * it is still sending): SENDING, held by {@code owner} until {@code leaseExpiresAt}.
     */
    public static UUID insertSending(InvitationSent event, UUID owner, Instant leaseExpiresAt) {
        return insertSending(UUID.randomUUID(), event, owner, leaseExpiresAt);
    }

    public static UUID insertSending(UUID deliveryId, InvitationSent event, UUID owner, Instant leaseExpiresAt) {
        try (Connection db = connect();
                PreparedStatement insert = db.prepareStatement("""
                        insert into notification.deliveries (id, event_id, invitation_id, contact_id, recipient, template_key,
                            template_version, status, attempts, event_payload, lease_owner, lease_expires_at, created_at, updated_at)
                        values (?, ?, ?, ?, ?, 'send-invitation', 1, 'SENDING', 0, ?, ?, ?, now(), now())""")) {
            insert.setObject(1, deliveryId);
            insert.setObject(2, event.eventId());
            insert.setObject(3, event.invitationId());
            insert.setObject(4, event.recipient().contactId());
            insert.setString(5, event.recipient().email());
            insert.setString(6, Invitations.json(event));
            insert.setObject(7, owner);
            insert.setTimestamp(8, Timestamp.from(leaseExpiresAt));
            insert.executeUpdate();
            return deliveryId;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Stored read(UUID deliveryId) {
        try (Connection db = connect();
                PreparedStatement select = db.prepareStatement(
                        "select status, lease_owner, lease_expires_at, attempts from notification.deliveries where id = ?")) {
            select.setObject(1, deliveryId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("No delivery " + deliveryId);
                }
                OffsetDateTime lease = row.getObject("lease_expires_at", OffsetDateTime.class);
                return new Stored(row.getString("status"), row.getObject("lease_owner", UUID.class),
                        lease == null ? null : lease.toInstant(), row.getInt("attempts"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends rows a test left SENDING, so that no dispatcher mails them once the test is over. */
    public static void giveUp(UUID... deliveryIds) {
        try (Connection db = connect();
                PreparedStatement update = db.prepareStatement("""
                        update notification.deliveries set status = 'FAILED', last_error = 'given up by the test',
                            lease_expires_at = null where id = any(?)""")) {
            update.setArray(1, db.createArrayOf("uuid", deliveryIds));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An instant as PostgreSQL keeps it (microseconds), so that what is read back compares equal. */
    public static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static Connection connect() throws SQLException {
        Endpoints infra = LocalInfrastructureTestResource.endpoints();
        return DriverManager.getConnection(infra.jdbcUrl(), infra.dbUsername(), infra.dbPassword());
    }

    private StoredDeliveries() {
    }
}
