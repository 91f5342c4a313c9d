package dev.invitations.notificationservice.template;

/** What the email would be, had it been sent: envelope, subject and both parts. */
public record PreviewView(
        String templateKey,
        int templateVersion,
        String from,
        String replyTo,
        String to,
        String subject,
        String html,
        String text,
        String redemptionUrl) {
}
