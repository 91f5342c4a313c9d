package dev.invitations.invitationservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.invitationservice.invitation.InvitationCodes;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the code's format needs no server. */
class InvitationCodesTest {

    private final InvitationCodes codes = new InvitationCodes();

    @Test
    void codeCarries160RandomBitsInUrlAndEmailSafeCharacters() {
        Set<String> seen = new HashSet<>();
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = codes.next();
            assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{32}"), code);
            code.chars().forEach(c -> used.add((char) c));
            seen.add(code);
        }
        assertEquals(10_000, seen.size());
        assertEquals(32, used.size(), "every symbol of the alphabet turns up: 5 random bits per character");
    }

    @Test
    void typedCodeIsReadTheWayCrockfordBase32Reads() {
        assertEquals("0123ABC1", InvitationCodes.normalize("oI23-abc l"));
        String code = codes.next();
        assertEquals(code, InvitationCodes.normalize(code.toLowerCase()));
    }
}
