package dev.invitations.notificationservice.template;

/**
 * An email ready to hand to SMTP: exactly one recipient, by the seed's rule, and no CC or BCC. {@code replyTo} is the
 * invitation's owner when the owner's domain may not send (the email then comes from the default sender), else null.
 */
public record RenderedEmail(String from, String replyTo, String to, String subject, String html, String text, String redemptionUrl) {
}
