package dev.invitations.notificationservice.delivery;

import dev.invitations.contract.InvitationSent;
import dev.invitations.notificationservice.template.TemplateContent;
import java.util.UUID;

/**
 * A delivery claimed for sending, with the event it answers, the template version it is rendered with and the trace
 * the event arrived in, which its row keeps for a later send (null where tracing is off: the send then starts a trace
 * of its own).
 */
record Dispatch(UUID deliveryId, InvitationSent event, TemplateContent template, String traceparent) {
}
