package dev.invitations.redemptionservice.redemption;

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

/** The seed's Invite Redemption Activity: one per applied redemption, for the invitation and the contact. */
@Entity
@Table(name = "redemption_activity")
public class RedemptionActivity extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The InvitationRedeemed event applied; unique, a second line of defence against applying an event twice. */
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "invitation_id")
    public UUID invitationId;

    @Column(name = "invitation_name")
    public String invitationName;

    @Enumerated(EnumType.STRING)
    @Column(name = "invitation_type")
    public InvitationType invitationType;

    @Column(name = "contact_id")
    public UUID contactId;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "applied_at")
    public Instant appliedAt;

    /** The account the invitation names, if any, and what became of it. */
    @Column(name = "account_id")
    public UUID accountId;

    @Enumerated(EnumType.STRING)
    @Column(name = "account_outcome")
    public AccountOutcome accountOutcome;

    /** True when something the invitation names could not be applied because it no longer exists. */
    public boolean partial;
}
