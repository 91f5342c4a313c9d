package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.inbox.EventReader;
import dev.invitations.commons.inbox.MalformedEventException;
import dev.invitations.contract.InvitationSent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads an InvitationSent and refuses one that could never be mailed, so that it goes to the dead-letter topic at
 * once instead of failing after retries or leaving a delivery that can never complete.
 */
@ApplicationScoped
class InvitationSentCheck {

    /** What this service cannot do without; the sizes are those of the deliveries table. */
    record Mailable(
            @NotNull UUID eventId,
            @NotNull UUID invitationId,
            // A code of up to 200 characters, encrypted (nonce and tag add 28 bytes) and base64-encoded. Whether it
            // decrypts is known only where the email is rendered, the one place the code is decrypted.
            @NotBlank @Size(max = 400) String encryptedCode,
            @NotNull UUID recipientContactId,
            @NotBlank @Email @Size(max = 320) String recipientEmail,
            @Email @Size(max = 320) String senderEmail,
            @Size(max = 100) String templateKey) {
    }

    private final Validator validator;

    InvitationSentCheck(Validator validator) {
        this.validator = validator;
    }

    ReceivedInvitation read(String payload) {
        InvitationSent event = EventReader.read(payload, InvitationSent.class, validator);
        Mailable mailable = new Mailable(event.eventId(), event.invitationId(), event.encryptedCode(),
                event.recipient() == null ? null : event.recipient().contactId(),
                event.recipient() == null ? null : event.recipient().email(),
                event.sender() == null ? null : event.sender().email(),
                event.templateKey());
        Set<ConstraintViolation<Mailable>> violations = validator.validate(mailable);
        if (!violations.isEmpty()) {
            String problems = violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .sorted()
                    .collect(Collectors.joining(", "));
            throw new MalformedEventException("InvitationSent " + event.eventId() + " cannot be mailed: " + problems, null);
        }
        return new ReceivedInvitation(event, payload);
    }
}
