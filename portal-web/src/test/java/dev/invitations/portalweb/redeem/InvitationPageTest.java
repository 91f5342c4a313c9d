package dev.invitations.portalweb.redeem;

import static dev.invitations.portalweb.redeem.Backends.ACCOUNT_NAME;
import static dev.invitations.portalweb.redeem.Backends.INVITATION_NAME;
import static dev.invitations.portalweb.redeem.Backends.INVITER_NAME;
import static dev.invitations.portalweb.redeem.Backends.OWNER_NAME;
import static dev.invitations.portalweb.redeem.Backends.SERVICE_TOKEN;
import static dev.invitations.portalweb.redeem.Backends.WEB_ROLE_NAMES;
import static dev.invitations.portalweb.redeem.Pages.SECURE;
import static dev.invitations.portalweb.redeem.Pages.assertNoCodeIn;
import static dev.invitations.portalweb.redeem.Pages.codeCookieFromTheLink;
import static dev.invitations.portalweb.redeem.RedeemPage.CODE_COOKIE;
import static dev.invitations.portalweb.redeem.RedeemPage.PATH;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.invitations.portalweb.Languages;
import dev.invitations.portalweb.backend.InvitationLookupClient;
import dev.invitations.portalweb.session.SealedCookies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.path.xml.XmlPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Invite Redemption Page before anyone signs in: the email's link, the invitation as invitation-service's lookup
 * describes it, and a page with its own status for every reason it cannot be accepted. The code never shows on a page.
 */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class InvitationPageTest {

    private static final String CODE = "K7QM-2XPD-9WFT";

    @Inject
    SealedCookies sealedCookies;

    private Backends backends;

    @BeforeEach
    void forgetEarlierStubsAndRequests() {
        backends = Backends.ofTheApplication();
        backends.reset();
    }

    @Test
    void theEmailsLinkKeepsTheCodeInASealedCookieAndRedirectsToAnAddressWithoutIt() {
        Response redirect = given().redirects().follow(false).queryParam("code", CODE).queryParam("lang", "de").get(PATH);

        redirect.then().statusCode(303).spec(SECURE);
        URI location = URI.create(redirect.header("Location"));
        Cookie sealed = redirect.detailedCookie(CODE_COOKIE);
        assertNotNull(sealed, "no code cookie");
        assertAll(
                () -> assertEquals(PATH, location.getPath()),
                () -> assertNull(location.getQuery(), "the code must leave the address"),
                () -> assertTrue(sealed.isHttpOnly(), "HttpOnly"),
                () -> assertEquals("Lax", sealed.getSameSite()),
                () -> assertEquals("/portal", sealed.getPath()),
                () -> assertNoCodeIn(sealed.getValue(), CODE),
                () -> assertEquals("de", redirect.cookie(Languages.COOKIE)),
                () -> assertEquals(List.of(), backends.lookups(), "opening the link looks nothing up"));
    }

    @Test
    void thePageShowsTheInvitationThatTheLookupWithPortalWebsOwnTokenDescribes() {
        backends.lookupFinds("REDEEMABLE");

        Response page = withTheCode().get(PATH);

        page.then().statusCode(200).spec(SECURE).body(containsString("<html lang=\"en\">"),
                containsString("href=\"/portal/redeem/sign-in\""), containsString("href=\"/portal/redeem/register\""));
        XmlPath html = page.htmlPath();
        LoggedRequest lookup = theOnlyLookup();
        assertAll(
                () -> assertEquals(INVITATION_NAME, byId(html, "invitation-name")),
                () -> assertEquals(INVITER_NAME, byId(html, "inviter")),
                () -> assertEquals(OWNER_NAME, byId(html, "owner")),
                () -> assertEquals(List.of("Membership of the account " + ACCOUNT_NAME, "The web role " + WEB_ROLE_NAMES.get(0),
                        "The web role " + WEB_ROLE_NAMES.get(1)), html.getList("**.find { it.@id == 'grants' }.li", String.class)),
                () -> assertNoCodeIn(page.asString(), CODE),
                () -> assertTrue(WireMock.equalToJson("{\"code\":\"" + CODE + "\"}").match(lookup.getBodyAsString()).isExactMatch(),
                        lookup.getBodyAsString()),
                () -> assertEquals("Bearer " + SERVICE_TOKEN, lookup.getHeader("Authorization")),
                () -> assertEquals("127.0.0.1", lookup.getHeader(InvitationLookupClient.CLIENT_ADDRESS_HEADER)));
    }

    @ParameterizedTest(name = "language cookie {0}, Accept-Language {1}: {2}")
    @CsvSource(nullValues = "none", value = {
            "none, none, en, You have been invited to the portal",
            "de, none, de, Sie wurden zum Portal eingeladen",
            "none, de, de, Sie wurden zum Portal eingeladen",
            "none, 'fr, de-AT;q=0.8', de, Sie wurden zum Portal eingeladen",
            "en, de, en, You have been invited to the portal"})
    void thePageSpeaksTheLanguageTheLinkAskedForElseTheBrowsers(String languageCookie, String acceptLanguage, String language,
            String heading) {
        backends.lookupFinds("REDEEMABLE");
        RequestSpecification request = withTheCode();
        if (languageCookie != null) {
            request.cookie(Languages.COOKIE, languageCookie);
        }
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }

        request.get(PATH).then().statusCode(200).spec(SECURE)
                .body(containsString("<html lang=\"" + language + "\">"), containsString(heading));
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource({
            "REVOKED, 410, revoked",
            "EXPIRED, 410, expired",
            "REDEEMED, 409, already-used",
            "MAXIMUM_REACHED, 409, maximum-reached"})
    void anInvitationThatCannotBeAcceptedIsARefusalPageThatDropsTheCode(String status, int pageStatus, String reason) {
        backends.lookupFinds(status);

        Response page = withTheCode().get(PATH);

        page.then().statusCode(pageStatus).spec(SECURE).body(containsString("data-reason=\"" + reason + "\""));
        assertTheCodeCookieIsCleared(page);
        assertNoCodeIn(page.asString(), CODE);
    }

    @Test
    void aGroupInvitationForSomeEmailDomainsNamesThemInTheLanguageOfThePage() {
        backends.lookupFindsAGroupOpenTo("example.com", "partner.org");

        XmlPath english = withTheCode().get(PATH).then().statusCode(200).extract().htmlPath();
        assertEquals("Only for email addresses at example.com, partner.org", byId(english, "allowed-domains"));
        XmlPath german = withTheCode().cookie(Languages.COOKIE, "de").get(PATH).then().statusCode(200).extract().htmlPath();
        assertEquals("Nur für E-Mail-Adressen bei example.com, partner.org", byId(german, "allowed-domains"));
    }

    @Test
    void anInvitationOpenToAnyDomainNamesNone() {
        backends.lookupFinds("REDEEMABLE");

        withTheCode().get(PATH).then().statusCode(200).body(not(containsString("allowed-domains")));
    }

    @Test
    void anExpiredInvitationSaysUntilWhenItCouldBeAccepted() {
        backends.lookupFinds("EXPIRED");

        withTheCode().get(PATH).then().statusCode(410).body(containsString("could be accepted until March 1, 2026"),
                containsString(" UTC. Ask the person"));
    }

    @Test
    void aCodeNoInvitationHasIsA404PageThatOffersToTypeAnother() {
        backends.lookupRefuses(404, "invitation-not-found");

        Response page = withTheCode().get(PATH);

        page.then().statusCode(404).spec(SECURE)
                .body(containsString("data-reason=\"unknown-code\""), containsString("action=\"/portal/redeem/code\""));
        assertTheCodeCookieIsCleared(page);
        assertNoCodeIn(page.asString(), CODE);
    }

    @Test
    void tooManyFailedCodesIsA429PageThatSaysHowLongToWaitAndKeepsTheCode() {
        backends.lookupRefuses(429, "too-many-attempts", 120);

        Response page = withTheCode().get(PATH);

        page.then().statusCode(429).spec(SECURE).header("Retry-After", "120")
                .body(containsString("data-reason=\"too-many-attempts\""), containsString("Try again in 2 minutes."));
        assertNull(page.detailedCookie(CODE_COOKIE), "waiting helps, so the code stays");
    }

    @Test
    void aFailingInvitationServiceIsA503PageThatAsksToComeBackLater() {
        backends.lookupFailsInternally();

        assertTheUnavailablePage();
    }

    @Test
    void anUnreachableInvitationServiceIsA503PageThatAsksToComeBackLater() {
        backends.lookupDropsTheConnection();

        assertTheUnavailablePage();
    }

    @Test
    void aTamperedCodeCookieIsIgnored() {
        String sealed = codeCookieFromTheLink(CODE);
        int middle = sealed.length() / 2;
        String tampered = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A') + sealed.substring(middle + 1);

        assertTheCodeFormWithoutALookup(tampered);
    }

    @Test
    void aValueSealedForAnotherCookieIsIgnored() {
        assertTheCodeFormWithoutALookup(sealedCookies.seal(RedeemPage.REDEEMED_COOKIE, CODE, Duration.ofMinutes(5)));
    }

    @Test
    void aCodePutIntoTheCookieByHandIsIgnored() {
        assertTheCodeFormWithoutALookup(CODE);
    }

    private void assertTheUnavailablePage() {
        Response page = withTheCode().get(PATH);

        page.then().statusCode(503).spec(SECURE).header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body(containsString("data-reason=\"unavailable\""));
        assertNull(page.detailedCookie(CODE_COOKIE), "the code is still good, so it stays");
        assertNoCodeIn(page.asString(), CODE);
    }

    private void assertTheCodeFormWithoutALookup(String codeCookie) {
        backends.lookupFinds("REDEEMABLE");

        given().cookie(CODE_COOKIE, codeCookie).get(PATH).then().statusCode(200).spec(SECURE)
                .body(containsString("<h1>Enter your invitation code</h1>"), not(containsString(INVITATION_NAME)));
        assertEquals(List.of(), backends.lookups());
    }

    private static RequestSpecification withTheCode() {
        return given().cookie(CODE_COOKIE, codeCookieFromTheLink(CODE));
    }

    private LoggedRequest theOnlyLookup() {
        List<LoggedRequest> lookups = backends.lookups();
        assertEquals(1, lookups.size(), "lookups");
        return lookups.get(0);
    }

    private static String byId(XmlPath html, String id) {
        return html.getString("**.find { it.@id == '" + id + "' }");
    }

    private static void assertTheCodeCookieIsCleared(Response page) {
        Cookie cleared = page.detailedCookie(CODE_COOKIE);
        assertNotNull(cleared, "the code cookie stays");
        assertAll(
                () -> assertEquals(0, cleared.getMaxAge()),
                () -> assertEquals("/portal", cleared.getPath(), "a cookie clears only on its own path"));
    }
}
