package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.contract.InvitationSent;
import dev.invitations.notificationservice.NotificationConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * Turns an InvitationSent's encrypted code back into the code its email shows. Built at start-up, so that a missing or
 * malformed key stops the service rather than failing every email. The plaintext lives only in the rendered email:
 * it is never stored, logged or put in an error message.
 */
@Startup
@Singleton
class InvitationCodes {

    private final CodeCipher cipher;

    InvitationCodes(NotificationConfig config) {
        this.cipher = new CodeCipher(config.codes().encryptionKey());
    }

    /**
     * @throws CodeCipher.UndecryptableCodeException when the code was not encrypted for this invitation with this
     *         service's key: retrying can never help
     */
    String decrypt(InvitationSent event) {
        return cipher.decrypt(event.invitationId(), event.encryptedCode());
    }
}
