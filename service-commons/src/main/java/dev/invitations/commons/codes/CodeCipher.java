package dev.invitations.commons.codes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts an invitation code with AES-256-GCM so that it can be emailed again (a resend) without being stored or
 * published in plaintext. The invitation id is the associated data: a ciphertext copied onto another invitation does
 * not decrypt. The form is base64 of {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}. The JDK's own AEAD
 * cipher is used directly: it is the library for this, and the format is small enough to state here in full.
 */
public final class CodeCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param base64Key 32 random bytes, base64-encoded */
    public CodeCipher(String base64Key) {
        this.key = new SecretKeySpec(CodeKeys.decode("the code encryption key", base64Key), "AES");
    }

    public String encrypt(UUID invitationId, String code) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, invitationId);
            byte[] sealed = cipher.doFinal(code.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws UndecryptableCodeException when the text was not made by this key for this invitation */
    public String decrypt(UUID invitationId, String encrypted) {
        try {
            byte[] bytes = Base64.getDecoder().decode(encrypted);
            if (bytes.length <= NONCE_BYTES) {
                throw new UndecryptableCodeException(invitationId);
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), invitationId);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.US_ASCII);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new UndecryptableCodeException(invitationId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, UUID invitationId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(invitationId.toString().getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    /** A ciphertext that is not this key's, or not this invitation's: never retried, it can never succeed. */
    public static final class UndecryptableCodeException extends RuntimeException {

        UndecryptableCodeException(UUID invitationId) {
            super("The code of invitation " + invitationId + " cannot be decrypted with the configured key");
        }
    }
}
