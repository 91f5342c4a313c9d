package dev.invitations.notificationservice.template;

import java.time.Instant;

/** A template as it stands: its state and its current version's text. */
public record TemplateView(
        String key,
        boolean active,
        int version,
        String subject,
        String htmlBody,
        String textBody,
        String from,
        String redemptionPageUrl,
        Instant updatedAt) {

    static TemplateView of(Template template, TemplateVersion current) {
        return new TemplateView(template.key, template.active, current.version, current.subject, current.htmlBody,
                current.textBody, current.fromAddress, current.redemptionPageUrl, template.updatedAt);
    }
}
