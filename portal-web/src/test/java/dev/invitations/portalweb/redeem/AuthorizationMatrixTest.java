package dev.invitations.portalweb.redeem;

import static dev.invitations.portalweb.redeem.Pages.codeCookieFromTheLink;
import static dev.invitations.portalweb.redeem.RedeemPage.CODE_COOKIE;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What a visitor who has not signed in gets from each endpoint of portal-web. This table is the specification, written
 * out rather than read from the annotations: a method whose {@code @PermitAll}, {@code @Authenticated} or
 * {@code @RolesAllowed} drifts from it, or a new endpoint without a row, fails. Every request comes as a browser's
 * would, holding a code (and, for a form, the CSRF cookie and field), so that only the security rule stands between it
 * and the method.
 */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class AuthorizationMatrixTest {

    enum Anonymous {
        SEES_THE_PAGE,
        MAY_SUBMIT_THE_FORM,
        IS_SENT_TO_SIGN_IN,
        IS_SENT_TO_REGISTER
    }

    static final Map<String, Anonymous> RULES = Map.ofEntries(
            Map.entry("GET /portal/redeem", Anonymous.SEES_THE_PAGE),
            Map.entry("POST /portal/redeem/code", Anonymous.MAY_SUBMIT_THE_FORM),
            Map.entry("GET /portal/redeem/sign-in", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /portal/redeem/register", Anonymous.IS_SENT_TO_REGISTER),
            Map.entry("POST /portal/redeem/accept", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /portal/redeem/done", Anonymous.IS_SENT_TO_SIGN_IN),
            // The operator console: every page needs a signed-in person; which roles open which page is
            // ConsoleRolesTest's table.
            Map.entry("GET /console", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/contacts", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/contacts/new", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/contacts", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/contacts/{id}", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/contacts/{id}", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/invitations", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/invitations/new", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/invitations", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/invitations/{id}", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/invitations/progress", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/invitations/{id}/revoke", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/invitations/{id}/revoke", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/invitations/{id}/expiry", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/invitations/send/confirmation", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/invitations/send", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/templates", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/templates/{key}", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/templates/{key}", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/templates/{key}/deactivate", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/templates/{key}/activate", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/templates/{key}/preview", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/accounts", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/accounts/new", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/accounts", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/web-roles", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/web-roles/new", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/web-roles", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/web-roles/{id}/delete", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/web-roles/{id}/delete", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/workflows", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/workflows/new", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/workflows", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/workflows/{id}", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/workflows/{id}", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("GET /console/workflows/{id}/versions/{version}", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/workflows/{id}/activate", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/workflows/{id}/deactivate", Anonymous.IS_SENT_TO_SIGN_IN),
            Map.entry("POST /console/workflows/{id}/runs/{run}/retry", Anonymous.IS_SENT_TO_SIGN_IN));

    /** The forms that upload a file, posted as multipart/form-data (the others are URL-encoded). */
    private static final Set<String> MULTIPART = Set.of("POST /console/workflows", "POST /console/workflows/{id}");

    /** What stands for a path parameter in a request of the table: an id that exists nowhere. */
    static final String SOME_ID = "0b9e4f2e-6f7a-4c1e-9d55-2f0c3b1a7e10";

    @Test
    void everyEndpointHasARule() {
        assertEquals(new TreeSet<>(RULES.keySet()), DeclaredEndpoints.ofThisApplication());
    }

    @TestFactory
    Stream<DynamicTest> anAnonymousVisitorGetsWhatTheRuleSaysAndRedeemsNothing() {
        Backends backends = Backends.ofTheApplication();
        return RULES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(rule -> DynamicTest.dynamicTest(rule.getKey() + ": " + rule.getValue(), () -> {
                    backends.reset();
                    backends.lookupFinds("REDEEMABLE");
                    Response answer = asABrowserWould(rule.getKey());
                    assertAll(
                            () -> assertGets(rule.getValue(), answer, backends.authorizationEndpoint()),
                            () -> assertEquals(List.of(), backends.redemptions(), "an anonymous request redeemed"),
                            () -> assertEquals(List.of(), backends.callsOnBehalfOfAPerson(), "an anonymous request reached a service"));
                }));
    }

    private static Response asABrowserWould(String endpoint) {
        String[] methodAndPath = endpoint.replace("{id}", SOME_ID).replace("{run}", SOME_ID).replace("{key}", "send-invitation")
                .replace("{version}", "1").split(" ", 2);
        String codeCookie = codeCookieFromTheLink("K7QM-2XPD-9WFT");
        if (MULTIPART.contains(endpoint)) {
            return CsrfForm.fromThePage().withTokenAsMultipart().cookie(CODE_COOKIE, codeCookie).multiPart("document", "document: {}")
                    .post(methodAndPath[1]);
        }
        return methodAndPath[0].equals("POST")
                ? CsrfForm.fromThePage().withToken().cookie(CODE_COOKIE, codeCookie).formParam("code", "abcd-efgh").post(methodAndPath[1])
                : given().redirects().follow(false).cookie(CODE_COOKIE, codeCookie).get(methodAndPath[1]);
    }

    private static void assertGets(Anonymous expected, Response answer, URI authorizationEndpoint) {
        switch (expected) {
            case SEES_THE_PAGE -> assertEquals(200, answer.statusCode());
            case MAY_SUBMIT_THE_FORM -> {
                assertEquals(303, answer.statusCode());
                assertEquals(RedeemPage.PATH, URI.create(answer.header("Location")).getPath());
            }
            case IS_SENT_TO_SIGN_IN -> assertSentToTheIdentityProvider(answer, authorizationEndpoint, Optional.empty());
            case IS_SENT_TO_REGISTER -> assertSentToTheIdentityProvider(answer, authorizationEndpoint, Optional.of("create"));
        }
    }

    /** The authorization code flow with PKCE, as portal-web's client; "Create an account" asks for the registration form. */
    private static void assertSentToTheIdentityProvider(Response answer, URI authorizationEndpoint, Optional<String> prompt) {
        assertEquals(302, answer.statusCode());
        URI location = URI.create(answer.header("Location"));
        Map<String, String> query = queryOf(location);
        assertAll(
                () -> assertEquals(authorizationEndpoint, new URI(location.getScheme(), location.getRawAuthority(), location.getRawPath(), null, null)),
                () -> assertEquals("portal-web", query.get("client_id")),
                () -> assertEquals("code", query.get("response_type")),
                () -> assertNotNull(query.get("code_challenge"), "no PKCE challenge"),
                () -> assertEquals("S256", query.get("code_challenge_method")),
                () -> assertEquals(prompt, Optional.ofNullable(query.get("prompt"))));
    }

    private static Map<String, String> queryOf(URI location) {
        assertNotNull(location.getRawQuery(), "no query: " + location);
        return Arrays.stream(location.getRawQuery().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : ""));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
