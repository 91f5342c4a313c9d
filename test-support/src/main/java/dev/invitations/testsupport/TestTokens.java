package dev.invitations.testsupport;

import static io.restassured.RestAssured.given;

import dev.invitations.commons.security.Roles;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens shaped like the identity provider's (issuer, subject, {@code realm_access.roles}, verified email),
 * signed with a key pair made for this test JVM, which {@link TestIdentityProvider} makes the service trust. For tests
 * that need a role or an identity, not a login: the end-to-end suite signs in at the real identity provider.
 */
public final class TestTokens {

    public static final String ISSUER = "https://identity.test.invalid/realms/portal";

    // The key pair lives in a system property, not a static field: the test resource and the tests may be loaded by
    // different class loaders, and both must sign and verify with the same pair.
    private static final String KEY_PAIR_PROPERTY = "dev.invitations.testsupport.key-pair";

    /** A token with exactly these realm roles, for a subject of its own. */
    public static String withRoles(String... roles) {
        return sign(UUID.randomUUID().toString(), null, false, null, List.of(roles));
    }

    /** A person signed in to the portal, with this address verified by the identity provider. */
    public static String portalUser(String subject, String fullName, String verifiedEmail) {
        return sign(subject, verifiedEmail, true, fullName, List.of(Roles.PORTAL));
    }

    /** A person signed in to the portal whose address the identity provider has not verified. */
    public static String portalUserWithUnverifiedEmail(String subject, String fullName, String email) {
        return sign(subject, email, false, fullName, List.of(Roles.PORTAL));
    }

    /** Every staff role at once: for tests of behaviour; the authorization matrix tests each role on its own. */
    public static String staff() {
        return withRoles(Roles.INVITATIONS_OPERATOR, Roles.TEMPLATES_EDITOR, Roles.WORKFLOWS_EDITOR, Roles.ACCOUNTS_ADMIN);
    }

    /** A RestAssured request carrying {@link #staff()}. */
    public static RequestSpecification asStaff() {
        return given().auth().oauth2(staff());
    }

    /** A RestAssured request carrying a token with these roles. */
    public static RequestSpecification as(String... roles) {
        return given().auth().oauth2(withRoles(roles));
    }

    static String publicKeyBase64() {
        return keyPair()[1];
    }

    private static String sign(String subject, String email, boolean emailVerified, String name, List<String> roles) {
        var claims = Jwt.issuer(ISSUER)
                .subject(subject)
                .claim("typ", "Bearer")
                .claim("realm_access", Map.of("roles", roles))
                .expiresIn(Duration.ofMinutes(30));
        if (email != null) {
            claims.claim("email", email).claim("email_verified", emailVerified);
        }
        if (name != null) {
            claims.claim("name", name);
        }
        return claims.jws().keyId("test-key").sign(privateKey());
    }

    private static PrivateKey privateKey() {
        try {
            byte[] encoded = Base64.getDecoder().decode(keyPair()[0]);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    /** [private PKCS#8, public X.509], base64; made once per JVM. */
    private static String[] keyPair() {
        Object pair = System.getProperties().computeIfAbsent(KEY_PAIR_PROPERTY, key -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair generated = generator.generateKeyPair();
                Base64.Encoder base64 = Base64.getEncoder();
                return base64.encodeToString(generated.getPrivate().getEncoded()) + " "
                        + base64.encodeToString(generated.getPublic().getEncoded());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
        return Arrays.copyOf(pair.toString().split(" "), 2);
    }

    private TestTokens() {
    }
}
