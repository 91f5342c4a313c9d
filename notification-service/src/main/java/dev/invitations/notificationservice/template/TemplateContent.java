package dev.invitations.notificationservice.template;

import java.util.UUID;

/** The immutable text of one template version, detached from any database session. */
public record TemplateContent(
        UUID versionId,
        String key,
        int version,
        String subject,
        String htmlBody,
        String textBody,
        String fromAddress,
        String redemptionPageUrl) {
}
