package dev.invitations.portalweb;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The identity provider's half of a sign-in, played on the WireMock of the tests: portal-web sends the browser to the
 * authorization endpoint, the "provider" sends it back with a code, and the token endpoint answers that code with an ID
 * token and an access token signed with a test key whose public half the WireMock's JWKS serves. portal-web verifies
 * them as it would Keycloak's, so a test signs a person with any roles in through the application's real code flow.
 */
public final class TestIdentityProvider {

    private static final RsaJsonWebKey KEY = readKey();

    /** The JWKS document: the public half of the test key. */
    public static String publicKeys() {
        return "{\"keys\":[" + KEY.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
    }

    /** A person the test provider signs in. */
    public record Person(String subject, String name, String email, List<String> roles) {

        public static Person withRoles(String name, String... roles) {
            return new Person(UUID.randomUUID().toString(), name, name.toLowerCase().replace(' ', '.') + "@example.org", List.of(roles));
        }
    }

    /** A signed-in browser: the session cookies portal-web set, and the access token the session holds. */
    public record SignedIn(Map<String, String> cookies, String accessToken) {
    }

    /**
     * Opens {@code path} as {@code person}'s browser would: portal-web redirects to the provider, the provider answers
     * with a code, and portal-web redeems the code at the token endpoint and sets its session cookie.
     */
    public static SignedIn signIn(WireMock wireMock, String realm, Person person, String path) {
        Response start = given().redirects().follow(false).get(path);
        assertEquals(302, start.statusCode(), "portal-web did not send the browser to sign in: " + start.asString());
        Map<String, String> query = queryOf(URI.create(start.header("Location")));
        String code = UUID.randomUUID().toString();
        String accessToken = token(realm, person, "Bearer");
        wireMock.register(post("/realms/portal/protocol/openid-connect/token").withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + code))
                .willReturn(okJson("""
                        {"access_token":"%s","id_token":"%s","token_type":"Bearer","expires_in":3600}
                        """.formatted(accessToken, token(realm, person, "ID")))));
        Response back = given().redirects().follow(false).cookies(start.getCookies())
                .queryParam("code", code).queryParam("state", query.get("state")).get(query.get("redirect_uri"));
        assertEquals(302, back.statusCode(), "portal-web refused the sign-in: " + back.asString());
        Map<String, String> cookies = new HashMap<>(back.getCookies());
        cookies.values().removeIf(String::isEmpty);
        return new SignedIn(cookies, accessToken);
    }

    private static String token(String realm, Person person, String type) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(realm);
        claims.setSubject(person.subject());
        claims.setAudience("portal-web");
        claims.setClaim("azp", "portal-web");
        claims.setClaim("typ", type);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(60);
        claims.setGeneratedJwtId();
        claims.setClaim("name", person.name());
        claims.setClaim("preferred_username", person.name().toLowerCase().replace(' ', '-'));
        claims.setClaim("email", person.email());
        claims.setClaim("email_verified", true);
        claims.setClaim("realm_access", Map.of("roles", person.roles()));
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(KEY.getPrivateKey());
        signature.setKeyIdHeaderValue(KEY.getKeyId());
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return signature.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> queryOf(URI location) {
        return Arrays.stream(location.getRawQuery().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : ""));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** A test-only key pair (src/test/resources), so that the WireMock and every test class agree on it. */
    private static RsaJsonWebKey readKey() {
        try (InputStream json = TestIdentityProvider.class.getResourceAsStream("/identity-provider-test-key.json")) {
            return (RsaJsonWebKey) JsonWebKey.Factory.newJwk(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestIdentityProvider() {
    }
}
