package dev.invitations.notificationservice.template;

import java.time.Instant;

/** One saved text of a template; {@code current} marks the one new emails are rendered with. */
public record TemplateVersionView(
        int version,
        boolean current,
        String subject,
        String htmlBody,
        String textBody,
        String from,
        String redemptionPageUrl,
        Instant createdAt) {

    static TemplateVersionView of(TemplateVersion version, int currentVersion) {
        return new TemplateVersionView(version.version, version.version == currentVersion, version.subject, version.htmlBody,
                version.textBody, version.fromAddress, version.redemptionPageUrl, version.createdAt);
    }
}
