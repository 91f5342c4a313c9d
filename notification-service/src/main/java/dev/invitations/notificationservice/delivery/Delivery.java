package dev.invitations.notificationservice.delivery;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One invitation email to one recipient, from the InvitationSent that asked for it to its outcome. */
@Entity
@Table(name = "deliveries")
public class Delivery extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The InvitationSent this email answers; unique, so one event can never become two emails. */
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "invitation_id")
    public UUID invitationId;

    @Column(name = "contact_id")
    public UUID contactId;

    public String recipient;

    @Column(name = "template_key")
    public String templateKey;

    /** Fixed when the delivery is claimed for sending; absent while held. */
    @Column(name = "template_version")
    public Integer templateVersion;

    @Enumerated(EnumType.STRING)
    public DeliveryStatus status;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    /** The event as received, so that a held or abandoned delivery can be rendered later without the topic. */
    @Column(name = "event_payload")
    public String eventPayload;

    /** Until when a SENDING delivery's claim holds; its holder renews it while it is still sending. */
    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    /** The process that claimed it for sending (a random id per process start); absent while held or released. */
    @Column(name = "lease_owner")
    public UUID leaseOwner;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
