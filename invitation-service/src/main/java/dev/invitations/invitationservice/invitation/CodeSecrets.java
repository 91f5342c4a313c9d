package dev.invitations.invitationservice.invitation;

import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.commons.codes.CodeDigest;
import dev.invitations.invitationservice.InvitationServiceConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * How an invitation's code is kept: a keyed hash to find the invitation by, and an encrypted copy to email it again.
 * Built at start-up, so that a missing or malformed key stops the service before it takes a request.
 */
@Startup
@ApplicationScoped
public class CodeSecrets {

    private final CodeDigest digest;
    private final CodeCipher cipher;

    public CodeSecrets(InvitationServiceConfig config) {
        this.digest = new CodeDigest(config.codes().lookupKey());
        this.cipher = new CodeCipher(config.codes().encryptionKey());
    }

    /** The lookup hash of a code as a person may have typed it (any case, with separators). */
    public byte[] lookupHash(String typedCode) {
        return digest.digest(InvitationCodes.normalize(typedCode));
    }

    public String encrypt(UUID invitationId, String code) {
        return cipher.encrypt(invitationId, code);
    }
}
