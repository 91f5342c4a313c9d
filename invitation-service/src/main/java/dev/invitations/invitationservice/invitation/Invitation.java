package dev.invitations.invitationservice.invitation;

import dev.invitations.contract.InvitationType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The seed's invitation record. {@link #redemptionCount} is only ever changed by the conditional update in
 * {@code RedemptionService}, never through this entity, so that concurrent redeemers cannot overwrite each other.
 */
@Entity
@Table(name = "invitation")
public class Invitation extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Enumerated(EnumType.STRING)
    public InvitationType type;

    /** HMAC-SHA-256 of the normalized code: what a redemption looks the invitation up by. */
    @Column(name = "code_hash")
    public byte[] codeHash;

    /** The code, AES-GCM encrypted for this invitation: copied into each InvitationSent, decrypted only by the mailer. */
    @Column(name = "code_ciphertext")
    public String codeCiphertext;

    @Column(name = "owner_name")
    public String ownerName;

    @Column(name = "owner_email")
    public String ownerEmail;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "inviter_contact_id")
    public UUID inviterContactId;

    @Column(name = "assign_to_account_id")
    public UUID assignToAccountId;

    @Column(name = "web_role_ids")
    public UUID[] webRoleIds;

    @Column(name = "workflow_id")
    public String workflowId;

    @Column(name = "template_key")
    public String templateKey;

    @Column(name = "max_redemptions")
    public int maxRedemptions;

    @Column(name = "redemption_count", insertable = false, updatable = false)
    public int redemptionCount;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_sent_at")
    public Instant lastSentAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** Automatic reminders: both set or neither (see {@code sending.Reminders}). */
    @Column(name = "reminder_after_days")
    public Integer reminderAfterDays;

    @Column(name = "max_reminders")
    public Integer maxReminders;

    /** GROUP only: the lower-cased domains a redeemer's verified address must be at; null: any. */
    @Column(name = "allowed_email_domains")
    public String[] allowedEmailDomains;

    public InvitationStatus status(Instant now) {
        return InvitationStatus.of(revokedAt, redemptionCount, maxRedemptions, expiresAt, lastSentAt, now);
    }
}
