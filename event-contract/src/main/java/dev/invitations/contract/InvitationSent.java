package dev.invitations.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * One email to send: emitted once per invited contact each time an invitation is sent.
 * The recipient carries only the primary email address: the seed forbids mailing the second or third one,
 * so they are never put on the topic. The code travels only encrypted ({@code encryptedCode}: AES-256-GCM with the
 * invitation id as associated data, base64 of nonce || ciphertext || tag), so neither the outbox table, the topic nor
 * the mail service's stored copy holds it in plaintext; only the mail service, which holds the key, reads it.
 */
public record InvitationSent(
        UUID eventId,
        UUID invitationId,
        String invitationName,
        InvitationType type,
        String encryptedCode,
        Instant expiresAt,
        Sender sender,
        Inviter inviter,
        Recipient recipient,
        String templateKey,
        Instant sentAt) {

    /** The invitation's owner, who signs the email unless the template has its own {@code from}. */
    public record Sender(String name, String email) {
    }

    /** The optional contact shown as the one who invites. */
    public record Inviter(UUID contactId, String fullName, String email) {
    }

    public record Recipient(UUID contactId, String fullName, String email, String locale) {
    }
}
