package dev.invitations.localinfra.mail;

import java.time.Instant;

/**
 * That one mail landed in one mailbox, without its content: what counting thousands of mails needs.
 *
 * @param recipient  the mailbox's address (the envelope recipient), lower case
 * @param messageId  the Message-ID header (null if the sender set none)
 * @param receivedAt when the SMTP server stored it
 */
public record MailReceipt(String recipient, String messageId, Instant receivedAt) {
}
