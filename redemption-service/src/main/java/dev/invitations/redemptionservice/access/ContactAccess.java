package dev.invitations.redemptionservice.access;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A contact's portal access apart from its web roles (see {@link ContactWebRole}). Contacts belong to
 * invitation-service; this row exists from the first redemption applied for the contact.
 */
@Entity
@Table(name = "contact_access")
public class ContactAccess extends PanacheEntityBase {

    @Id
    @Column(name = "contact_id")
    public UUID contactId;

    /** The parent customer, set by the latest redemption (by redeemed-at) that named an existing account. */
    @Column(name = "parent_account_id")
    public UUID parentAccountId;

    /**
     * When the redemption that set {@link #parentAccountId} happened. Redemptions of different invitations can reach
     * this service out of order (they are keyed by invitation, so they may sit on different partitions); comparing
     * with this keeps the account of the latest redemption rather than of the last one applied.
     */
    @Column(name = "parent_assigned_at")
    public Instant parentAssignedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
