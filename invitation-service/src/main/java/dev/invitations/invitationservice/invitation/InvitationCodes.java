package dev.invitations.invitationservice.invitation;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Invitation codes: 160 random bits from {@link SecureRandom}, written in Crockford's base 32 (32 characters of
 * digits and upper-case letters without I, L, O, U), so a code is safe in a URL and an email, and survives being read
 * aloud or typed. The database's unique constraint stands behind the (astronomically unlikely) collision.
 */
@ApplicationScoped
public class InvitationCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int RANDOM_BYTES = 20;
    static final int LENGTH = RANDOM_BYTES * 8 / 5;

    private final SecureRandom random = new SecureRandom();

    public String next() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        StringBuilder code = new StringBuilder(LENGTH);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                code.append(ALPHABET[(buffer >>> bits) & 0x1f]);
            }
        }
        return code.toString();
    }

    /**
     * The code as stored, from what a person typed: Crockford's decoding is case-insensitive, reads I and L as 1 and O
     * as 0, and ignores hyphens and spaces used to group characters.
     */
    public static String normalize(String typed) {
        StringBuilder code = new StringBuilder(typed.length());
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '-', ' ' -> { }
                case 'I', 'L' -> code.append('1');
                case 'O' -> code.append('0');
                default -> code.append(c);
            }
        }
        return code.toString();
    }
}
