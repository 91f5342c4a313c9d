package dev.invitations.portalweb.session;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SealedCookiesTest {

    private static final String KEY = key(32, 1);
    private static final String NAME = "portal_invitation";
    private static final String CODE = "K7QM-2XPD-9WFT";
    private static final Instant SEALED_AT = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofHours(1);

    private final SealedCookies cookies = at(SEALED_AT);

    @Test
    void aSealedValueOpensToWhatWasSealed() {
        String sealed = cookies.seal(NAME, List.of(CODE, "de"), LIFETIME);

        assertAll(
                () -> assertEquals(Optional.of(List.of(CODE, "de")), cookies.open(NAME, sealed, List.class)),
                () -> assertFalse(sealed.contains("K7QM"), sealed));
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentCookies() {
        assertNotEquals(cookies.seal(NAME, CODE, LIFETIME), cookies.seal(NAME, CODE, LIFETIME), "the nonce is not fresh");
    }

    @Test
    void aValueOpensUntilItsLifetimeHasPassedAndNotAfter() {
        String sealed = cookies.seal(NAME, CODE, LIFETIME);

        assertAll(
                () -> assertEquals(Optional.of(CODE), at(SEALED_AT.plus(LIFETIME).minusSeconds(1)).open(NAME, sealed, String.class)),
                () -> assertEquals(Optional.empty(), at(SEALED_AT.plus(LIFETIME)).open(NAME, sealed, String.class)),
                () -> assertEquals(Optional.empty(), at(SEALED_AT.plus(Duration.ofDays(30))).open(NAME, sealed, String.class)));
    }

    @Test
    void aValueSealedUnderOneNameDoesNotOpenUnderAnother() {
        String sealed = cookies.seal("portal_redeemed", CODE, LIFETIME);

        assertEquals(Optional.empty(), cookies.open(NAME, sealed, String.class));
    }

    @Test
    void aValueSealedUnderAnotherKeyDoesNotOpen() {
        String sealed = new SealedCookies(key(32, 2), Clock.fixed(SEALED_AT, ZoneOffset.UTC)).seal(NAME, CODE, LIFETIME);

        assertEquals(Optional.empty(), cookies.open(NAME, sealed, String.class));
    }

    @Test
    void aValueWithAnyOneBitChangedDoesNotOpen() {
        byte[] sealed = Base64.getUrlDecoder().decode(cookies.seal(NAME, CODE, LIFETIME));

        IntStream.range(0, sealed.length * 8).forEach(bit -> {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertEquals(Optional.empty(), cookies.open(NAME, value, String.class), "bit " + bit);
        });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "not a sealed value!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", CODE})
    void anythingElseOpensToNothing(String value) {
        assertEquals(Optional.empty(), cookies.open(NAME, value, String.class));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 31, 33, 64})
    void aKeyThatIsNot32BytesIsRefusedNamingItsSetting(int bytes) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> at(SEALED_AT, key(bytes, 1)));

        assertTrue(refused.getMessage().contains("portal-web.session.key"), refused.getMessage());
    }

    @Test
    void aKeyThatIsNotBase64IsRefusedNamingItsSetting() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> at(SEALED_AT, "not base64 at all!"));

        assertTrue(refused.getMessage().contains("portal-web.session.key"), refused.getMessage());
    }

    private static SealedCookies at(Instant now) {
        return at(now, KEY);
    }

    private static SealedCookies at(Instant now, String key) {
        return new SealedCookies(key, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String key(int bytes, int seed) {
        byte[] key = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return Base64.getEncoder().encodeToString(key);
    }
}
