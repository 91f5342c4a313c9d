package dev.invitations.notificationservice.delivery;

import java.util.UUID;

/** How far the emails of one invitation got: a group invitation can have thousands. */
public record DeliverySummary(UUID invitationId, long total, long held, long sending, long sent, long failed) {
}
