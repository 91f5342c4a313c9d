package dev.invitations.invitationservice.invitation;

/** What became of the last invitation email to one invited contact, as notification-service reported it. */
public enum DeliveryStatus {
    /** Never sent. */
    NOT_SENT,
    /** Sent (an InvitationSent event was committed); the email service has not reported back yet. */
    PENDING,
    DELIVERED,
    FAILED
}
