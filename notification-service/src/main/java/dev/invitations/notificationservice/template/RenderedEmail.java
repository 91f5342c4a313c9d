package dev.invitations.notificationservice.template;

/** An email ready to hand to SMTP: exactly one recipient, by the seed's rule, and no CC or BCC. */
public record RenderedEmail(String from, String to, String subject, String html, String text, String redemptionUrl) {
}
