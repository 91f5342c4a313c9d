package dev.invitations.localinfra;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The keys that protect invitation codes at rest, generated afresh for every local run (whose database starts empty
 * too): each is 32 random bytes in standard base64.
 *
 * @param lookupKey     {@code portal.codes.lookup-key}: invitation-service finds a code by its keyed hash
 * @param encryptionKey {@code portal.codes.encryption-key}: invitation-service encrypts a code, notification-service
 *                      decrypts it to put it in the email
 */
public record CodeKeys(String lookupKey, String encryptionKey) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public CodeKeys {
        Objects.requireNonNull(lookupKey, "lookupKey");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
    }

    public static CodeKeys generate() {
        return new CodeKeys(randomKey(), randomKey());
    }

    /** 32 random bytes, standard base64 (with padding). */
    static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A random secret that needs no escaping in a URL, a form body or a shell word: 32 bytes, base64url. */
    public static String randomSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
