package dev.invitations.notificationservice.delivery;

import dev.invitations.contract.InvitationSent;
import dev.invitations.notificationservice.template.TemplateContent;
import java.util.UUID;

/** A delivery claimed for sending, with the event it answers and the template version it is rendered with. */
record Dispatch(UUID deliveryId, InvitationSent event, TemplateContent template) {
}
