package dev.invitations.notificationservice.template;

/**
 * The values a template sees: {@code recipient}, {@code invitation}, {@code sender}, {@code inviter} (absent when
 * the invitation names none) and {@code redemptionUrl}. Saved templates refer to these names, so renaming one breaks
 * them; the list is documented in docs/services/notification-service.md. Only these properties can be read by a
 * template: {@link TemplateSandbox} registers a resolver for each and nothing else (no method calls).
 */
public final class TemplateModel {

    public record Recipient(String name, String email) {
    }

    /** {@code expiresAt} is already formatted for the recipient's locale, and absent when the invitation never expires. */
    public record Invitation(String name, String code, String type, String expiresAt) {
    }

    public record Person(String name, String email) {
    }

    private TemplateModel() {
    }
}
