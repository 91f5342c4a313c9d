package dev.invitations.portalweb.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.portalweb.PortalWebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The page's short-lived state (the code between opening the link and accepting; what was redeemed, for the result
 * page) kept in the browser as AES-256-GCM sealed cookies, so that every replica can read it and none stores it.
 * Written by hand because Quarkus has no HTTP session, and the OIDC extension's encrypted session cookie carries its
 * tokens only. The cookie's name is the associated data (a value cannot be moved to another cookie) and the payload
 * carries its own expiry, so an old copy stops opening even if a browser keeps it.
 */
@ApplicationScoped
public class SealedCookies {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    @Inject
    SealedCookies(PortalWebConfig config) {
        this(config.session().key(), Clock.systemUTC());
    }

    SealedCookies(String base64Key, Clock clock) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("portal-web.session.key must be 32 random bytes, base64-encoded; it is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("portal-web.session.key must be 32 random bytes, base64-encoded; it has "
                    + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.clock = clock;
    }

    /** The sealed value of a cookie named {@code name}, readable by {@link #open} until {@code lifetime} has passed. */
    public String seal(String name, Object value, Duration lifetime) {
        try {
            byte[] plain = JSON.writeValueAsBytes(new Envelope(clock.instant().plus(lifetime), JSON.valueToTree(value)));
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, name).doFinal(plain);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("Could not seal cookie " + name, e);
        }
    }

    /** The value, or empty when the cookie is absent, expired, or was not sealed by this key under this name. */
    public <T> Optional<T> open(String name, String sealed, Class<T> type) {
        if (sealed == null || sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed);
            if (bytes.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            byte[] plain = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), name)
                    .doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            Envelope envelope = JSON.readValue(plain, Envelope.class);
            if (!envelope.expiresAt().isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(JSON.treeToValue(envelope.value(), type));
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException tamperedOrForeign) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String name) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private record Envelope(Instant expiresAt, com.fasterxml.jackson.databind.JsonNode value) {
    }
}
