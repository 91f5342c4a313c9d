package dev.invitations.invitationservice.invitation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A contact an invitation is addressed to, with the outcome of the last email sent to them. */
@Entity
@Table(name = "invited_contact")
@IdClass(InvitedContact.Key.class)
public class InvitedContact extends PanacheEntityBase {

    @Id
    @Column(name = "invitation_id")
    public UUID invitationId;

    @Id
    @Column(name = "contact_id")
    public UUID contactId;

    /** Keeps the order in which the operator listed the contacts. */
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status")
    public DeliveryStatus deliveryStatus;

    @Column(name = "delivery_status_at")
    public Instant deliveryStatusAt;

    @Column(name = "delivery_failure")
    public String deliveryFailure;

    /** Automatic reminders emailed to this contact; the job counts them in SQL, alongside {@code last_emailed_at}. */
    @Column(name = "reminders_sent")
    public int remindersSent;

    public record Key(UUID invitationId, UUID contactId) implements Serializable {
    }
}
