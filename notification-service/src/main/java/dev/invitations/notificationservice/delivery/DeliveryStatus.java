package dev.invitations.notificationservice.delivery;

/**
 * HELD: waiting for its template to be activated. SENDING: claimed for sending; a claim whose lease ran out was
 * abandoned by a process that died and is sent again. SENT: the SMTP server accepted it. FAILED: given up, with the reason.
 */
public enum DeliveryStatus {
    HELD,
    SENDING,
    SENT,
    FAILED
}
