package dev.invitations.notificationservice.template;

import io.quarkus.qute.TemplateData;

/**
 * The values a template sees: {@code recipient}, {@code invitation}, {@code sender}, {@code inviter} (absent when
 * the invitation names none) and {@code redemptionUrl}. Saved templates refer to these names, so renaming one breaks
 * them; the list is documented in docs/services/notification-service.md.
 */
public final class TemplateModel {

    @TemplateData
    public record Recipient(String name, String email) {
    }

    /** {@code expiresAt} is already formatted for the recipient's locale, and absent when the invitation never expires. */
    @TemplateData
    public record Invitation(String name, String code, String type, String expiresAt) {
    }

    @TemplateData
    public record Person(String name, String email) {
    }

    private TemplateModel() {
    }
}
