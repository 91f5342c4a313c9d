package dev.invitations.notificationservice.delivery;

/**
 * HELD: waiting for its template to be activated. SENDING: claimed for sending by a process that renews the claim's
 * lease while it sends; a claim whose lease ran out was abandoned by a process that died (or released by an
 * activation) and is sent by the dispatcher. SENT: the SMTP server accepted it. FAILED: given up, with the reason.
 */
public enum DeliveryStatus {
    HELD,
    SENDING,
    SENT,
    FAILED
}
