package dev.invitations.commons.codes;

import java.util.Base64;

/** Reads the 256-bit keys that protect invitation codes, given base64-encoded in configuration (a Secret). */
final class CodeKeys {

    static final int KEY_BYTES = 32;

    static byte[] decode(String name, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not base64: give " + KEY_BYTES + " random bytes, base64-encoded");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(name + " has " + key.length + " bytes; it must have " + KEY_BYTES
                    + " (e.g. openssl rand -base64 32)");
        }
        return key;
    }

    private CodeKeys() {
    }
}
