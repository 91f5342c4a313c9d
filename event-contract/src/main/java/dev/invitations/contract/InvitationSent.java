package dev.invitations.contract;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
        @NotNull UUID eventId,
        @NotNull UUID invitationId,
        @NotBlank @Size(max = Limits.NAME) String invitationName,
        @NotNull InvitationType type,
        @NotBlank @Size(max = Limits.ENCRYPTED_CODE) String encryptedCode,
        Instant expiresAt,
        @NotNull @Valid Sender sender,
        @Valid Inviter inviter,
        @NotNull @Valid Recipient recipient,
        @Size(max = Limits.TEMPLATE_KEY) String templateKey,
        @NotNull Instant sentAt) {

    /** The invitation's owner, who signs the email unless the template has its own {@code from}. */
    public record Sender(
            @NotBlank @Size(max = Limits.NAME) String name,
            @NotBlank @Email @Size(max = Limits.EMAIL) String email) {
    }

    /** The optional contact shown as the one who invites. */
    public record Inviter(
            @NotNull UUID contactId,
            @NotBlank @Size(max = Limits.NAME) String fullName,
            @Email @Size(max = Limits.EMAIL) String email) {
    }

    /** The one address that is mailed: without it the email cannot be sent at all. */
    public record Recipient(
            @NotNull UUID contactId,
            @NotBlank @Size(max = Limits.NAME) String fullName,
            @NotBlank @Email @Size(max = Limits.EMAIL) String email,
            @Size(max = Limits.LOCALE) String locale) {
    }
}
