package dev.invitations.commons.codes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodeProtectionTest {

    private static final String CODE = "7QH4W2Z9K0MRB3XTN5CVJ8EFGDAPYS61";

    @Test
    void encryptedCodeDecryptsOnlyForItsInvitationAndKey() {
        CodeCipher cipher = new CodeCipher(randomKey());
        UUID invitation = UUID.randomUUID();
        String encrypted = cipher.encrypt(invitation, CODE);

        assertEquals(CODE, cipher.decrypt(invitation, encrypted));
        assertFalse(encrypted.contains(CODE));
        assertThrows(CodeCipher.UndecryptableCodeException.class, () -> cipher.decrypt(UUID.randomUUID(), encrypted));
        assertThrows(CodeCipher.UndecryptableCodeException.class, () -> new CodeCipher(randomKey()).decrypt(invitation, encrypted));
        assertThrows(CodeCipher.UndecryptableCodeException.class, () -> cipher.decrypt(invitation, "not base64 !"));
        assertThrows(CodeCipher.UndecryptableCodeException.class, () -> cipher.decrypt(invitation, "AAAA"));
    }

    @Test
    void eachEncryptionUsesAFreshNonce() {
        CodeCipher cipher = new CodeCipher(randomKey());
        UUID invitation = UUID.randomUUID();
        assertNotEquals(cipher.encrypt(invitation, CODE), cipher.encrypt(invitation, CODE));
    }

    @Test
    void digestIsStableForOneKeyAndDiffersAcrossKeys() {
        String key = randomKey();
        assertArrayEquals(new CodeDigest(key).digest(CODE), new CodeDigest(key).digest(CODE));
        assertFalse(Arrays.equals(new CodeDigest(key).digest(CODE), new CodeDigest(randomKey()).digest(CODE)));
        assertEquals(32, new CodeDigest(key).digest(CODE).length);
    }

    @Test
    void keysOfTheWrongSizeOrFormAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new CodeCipher(Base64.getEncoder().encodeToString(new byte[16])));
        assertThrows(IllegalArgumentException.class, () -> new CodeDigest("not-base64!"));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
