package dev.invitations.notificationservice.delivery;

import dev.invitations.contract.InvitationSent;

/**
 * A checked InvitationSent with the JSON it came as, which the delivery keeps for sending it later, and the trace its
 * record arrived in (W3C traceparent; null when tracing is off), which the email's send and its report continue.
 */
record ReceivedInvitation(InvitationSent event, String payload, String traceparent) {
}
