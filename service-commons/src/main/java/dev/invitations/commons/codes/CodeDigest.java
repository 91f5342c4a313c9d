package dev.invitations.commons.codes;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash (HMAC-SHA-256) an invitation is found by when its code is redeemed. Keyed, so that a copy of the
 * database alone does not let anyone test guesses offline; the plaintext code is never stored.
 */
public final class CodeDigest {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** @param base64Key 32 random bytes, base64-encoded */
    public CodeDigest(String base64Key) {
        this.key = new SecretKeySpec(CodeKeys.decode("the code lookup key", base64Key), ALGORITHM);
        mac();
    }

    /** @param normalizedCode the code as stored: upper case, no separators */
    public byte[] digest(String normalizedCode) {
        return mac().doFinal(normalizedCode.getBytes(StandardCharsets.US_ASCII));
    }

    // A Mac is not thread-safe, and a new one per call costs far less than the database round trip it precedes.
    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable in this JVM", e);
        }
    }

}
