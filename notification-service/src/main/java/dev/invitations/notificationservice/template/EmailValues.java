package dev.invitations.notificationservice.template;

import dev.invitations.contract.InvitationType;
import java.time.Instant;
import java.util.Locale;

/**
 * The facts of one invitation email before a template is applied: from an InvitationSent, or sample values for a
 * preview. {@code sender} is the invitation's owner; {@code inviter} may be null.
 */
public record EmailValues(Recipient recipient, Invitation invitation, Person sender, Person inviter) {

    public record Recipient(String name, String email, Locale locale) {
    }

    public record Invitation(String name, String code, InvitationType type, Instant expiresAt) {
    }

    public record Person(String name, String email) {
    }
}
