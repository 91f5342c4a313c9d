package dev.invitations.notificationservice.template;

import java.time.Instant;

/**
 * A template as it stands: its state, its current version's text and how many emails wait for it to be activated
 * ({@code heldEmails}, 0 while it is active).
 */
public record TemplateView(
        String key,
        boolean active,
        int version,
        String subject,
        String htmlBody,
        String textBody,
        String from,
        String redemptionPageUrl,
        Instant updatedAt,
        long heldEmails) {

    static TemplateView of(Template template, TemplateVersion current, long heldEmails) {
        return new TemplateView(template.key, template.active, current.version, current.subject, current.htmlBody,
                current.textBody, current.fromAddress, current.redemptionPageUrl, template.updatedAt, heldEmails);
    }
}
