package dev.invitations.notificationservice.delivery;

import dev.invitations.contract.InvitationSent;

/** A checked InvitationSent with the JSON it came as, which the delivery keeps for sending it later. */
record ReceivedInvitation(InvitationSent event, String payload) {
}
