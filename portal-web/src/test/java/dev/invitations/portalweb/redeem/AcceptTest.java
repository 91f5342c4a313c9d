package dev.invitations.portalweb.redeem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.invitations.portalweb.TestIdentityProvider;
import dev.invitations.portalweb.TestIdentityProvider.Person;
import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * "Accept invitation", signed in: the redemption goes out with the person's own token, and every refusal
 * invitation-service can answer at that moment (including those a page opened earlier could not foresee: someone
 * else took the last place, the person signed in as the wrong login, invitation-service went down) is a page with its
 * status. The browser tests cover the refusals the real realm can produce; these cover all of them.
 */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class AcceptTest {

    private static final Person INVITEE = Person.withRoles("Ada Invitee", "portal");
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    private static final String REDEEM_PATH = "/invitations/redeem";

    private Backends backends;

    @BeforeEach
    void forgetEarlierStubsAndRequests() {
        backends = Backends.ofTheApplication();
        backends.reset();
    }

    @Test
    void acceptingRedeemsWithThePersonsOwnTokenAndLeadsToTheResult() {
        redeemAnswers(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"invitationId":"5b0c7b5e-1d7a-4a8e-9f59-4b3b8c0a9d11","contactId":"0f0e9c55-8b8e-4d5e-9a0e-2b1d3c4e5f60","redemptionCount":1}
                """));
        Accepting accepting = signedInOnTheInvitationPage();

        Response answer = accepting.accept();

        assertEquals(303, answer.statusCode(), answer.asString());
        assertTrue(answer.header("Location").endsWith(RedeemPage.PATH + "/done"), answer.header("Location"));
        assertEquals(1, backends.redemptions().size());
        assertEquals("Bearer " + accepting.browser.accessToken(), backends.redemptions().get(0).getHeader("Authorization"),
                "the person's token, not portal-web's");
    }

    /** redemption-service unreachable when the result page asks what the contact has: the page says it is being applied. */
    @Test
    void theResultPageSaysBeingAppliedWhileRedemptionServiceCannotBeRead() {
        redeemAnswers(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"invitationId":"5b0c7b5e-1d7a-4a8e-9f59-4b3b8c0a9d11","contactId":"0f0e9c55-8b8e-4d5e-9a0e-2b1d3c4e5f60","redemptionCount":1}
                """));
        backends.wireMock().register(get(
                "/contacts/0f0e9c55-8b8e-4d5e-9a0e-2b1d3c4e5f60/access").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Accepting accepting = signedInOnTheInvitationPage();
        Map<String, String> cookies = new HashMap<>(accepting.cookies());
        cookies.putAll(accepting.accept().getCookies());

        given().redirects().follow(false).cookies(cookies).get(RedeemPage.PATH + "/done").then().statusCode(200)
                .body(containsString("data-applied=\"false\""), containsString("id=\"being-applied\""),
                        containsString("http-equiv=\"refresh\""));
    }

    @TestFactory
    Stream<DynamicTest> eachRefusalAtAcceptIsAPageWithItsStatus() {
        return Stream.of(
                new Expected(403, "email-not-verified", "email-not-verified"),
                new Expected(403, "email-does-not-match", "email-does-not-match"),
                new Expected(403, "email-domain-not-allowed", "email-domain-not-allowed"),
                new Expected(403, "invitation-for-another-person", "for-another-person"),
                new Expected(409, "login-linked-to-another-contact", "login-linked-elsewhere"),
                new Expected(409, "already-redeemed-by-you", "already-redeemed-by-you"),
                new Expected(409, "invitation-maximum-reached", "maximum-reached"),
                new Expected(410, "invitation-revoked", "revoked"))
                .map(expected -> DynamicTest.dynamicTest(expected.problemType(), () -> {
                    redeemAnswers(aResponse().withStatus(expected.status()).withHeader("Content-Type", "application/problem+json")
                            .withBody("{\"type\":\"urn:portal-invitations:problem:%s\",\"status\":%d}"
                                    .formatted(expected.problemType(), expected.status())));

                    signedInOnTheInvitationPage().accept().then().statusCode(expected.status())
                            .body(containsString("data-reason=\"" + expected.reason() + "\""));
                }));
    }

    @Test
    void anAddressAtADomainTheInvitationIsNotForIsAPageNamingTheAllowedDomains() {
        redeemAnswers(aResponse().withStatus(403).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"urn:portal-invitations:problem:email-domain-not-allowed\",\"status\":403}"));
        Accepting accepting = signedInOnTheInvitationPage();
        backends.lookupFindsAGroupOpenTo("example.com", "partner.org");

        accepting.accept().then().statusCode(403)
                .body(containsString("data-reason=\"email-domain-not-allowed\""),
                        containsString("can only be accepted with an email address at example.com, partner.org"),
                        containsString("id=\"sign-out\""));
    }

    @Test
    void tooManyAttemptsSaysWhenToTryAgain() {
        redeemAnswers(aResponse().withStatus(429).withHeader("Content-Type", "application/problem+json")
                .withHeader("Retry-After", "300").withBody("{\"type\":\"urn:portal-invitations:problem:too-many-attempts\",\"status\":429}"));

        signedInOnTheInvitationPage().accept().then().statusCode(429).header("Retry-After", "300")
                .body(containsString("data-reason=\"too-many-attempts\""), containsString("5 minutes"));
    }

    @Test
    void invitationServiceGoingDownAtAcceptIsAPageToTryAgainLater() {
        redeemAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        Response answer = signedInOnTheInvitationPage().accept();

        answer.then().statusCode(503).body(containsString("data-reason=\"unavailable\""));
        assertTrue(answer.header("Retry-After") != null, "the page says when to try again");
    }

    @Test
    void acceptingWithoutTheCsrfTokenRedeemsNothing() {
        Accepting accepting = signedInOnTheInvitationPage();

        given().redirects().follow(false).cookies(accepting.cookies).contentType(ContentType.URLENC)
                .post(RedeemPage.PATH + "/accept").then().statusCode(400);

        assertEquals(0, backends.redemptions().size());
    }

    /** Signs in, opens the email's link and the page it leads to, ready to press "Accept invitation". */
    private Accepting signedInOnTheInvitationPage() {
        backends.lookupFinds("REDEEMABLE");
        SignedIn browser = TestIdentityProvider.signIn(backends.wireMock(), backends.realm(), INVITEE, RedeemPage.SIGN_IN_PATH);
        Map<String, String> cookies = new HashMap<>(browser.cookies());
        Response link = given().redirects().follow(false).cookies(cookies).get(RedeemPage.PATH + "?code=K7QM-2XPD-9WFT");
        cookies.putAll(link.getCookies());
        Response page = given().redirects().follow(false).cookies(cookies).get(RedeemPage.PATH);
        page.then().statusCode(200).body(containsString("id=\"accept\""));
        cookies.putAll(page.getCookies());
        Matcher field = CSRF_FIELD.matcher(page.asString());
        assertTrue(field.find(), "the Accept form carries a CSRF field");
        return new Accepting(browser, cookies, field.group(1));
    }

    private void redeemAnswers(ResponseDefinitionBuilder answer) {
        backends.wireMock().register(post(REDEEM_PATH).willReturn(answer));
    }

    private record Accepting(SignedIn browser, Map<String, String> cookies, String csrfToken) {

        Response accept() {
            return given().redirects().follow(false).cookies(cookies).contentType(ContentType.URLENC)
                    .formParam("csrf-token", csrfToken).post(RedeemPage.PATH + "/accept");
        }
    }

    private record Expected(int status, String problemType, String reason) {
    }
}
