package dev.invitations.portalweb.redeem;

import static dev.invitations.portalweb.redeem.Pages.SECURE;
import static dev.invitations.portalweb.redeem.Pages.assertNoCodeIn;
import static dev.invitations.portalweb.redeem.RedeemPage.CODE_COOKIE;
import static dev.invitations.portalweb.redeem.RedeemPage.PATH;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The code typed into the page's form (for people who copy it from the email rather than follow the link): CSRF-checked
 * like every form, checked for shape before anything is looked up, then kept sealed like the link's.
 */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class TypedCodeTest {

    private static final String CODE_PATH = PATH + "/code";
    private static final String TYPED = "abcd-efgh ijkl";

    private Backends backends;

    @BeforeEach
    void forgetEarlierStubsAndRequests() {
        backends = Backends.ofTheApplication();
        backends.reset();
    }

    @Test
    void aTypedCodeWithoutBothHalvesOfTheCsrfTokenIsRefusedAndKeptNowhere() {
        CsrfForm form = CsrfForm.fromThePage();

        assertAll(
                () -> assertRefusedByCsrf(CsrfForm.withoutToken()),
                () -> assertRefusedByCsrf(CsrfForm.withoutToken().cookie(CsrfForm.NAME, form.cookie())),
                () -> assertRefusedByCsrf(CsrfForm.withoutToken().formParam(CsrfForm.NAME, form.field())),
                () -> assertRefusedByCsrf(CsrfForm.withoutToken().cookie(CsrfForm.NAME, form.cookie()).formParam(CsrfForm.NAME, "forged")));
    }

    @Test
    void aBlankCodeIsAskedForAgain() {
        Response page = CsrfForm.fromThePage().withToken().formParam("code", "   ").post(CODE_PATH);

        page.then().statusCode(400).spec(SECURE)
                .body(containsString("Enter the code from your invitation email."), containsString("aria-invalid=\"true\""));
        assertNull(page.detailedCookie(CODE_COOKIE));
    }

    @Test
    void markupTypedAsACodeIsRefusedAndShownBackOnlyEscaped() {
        Response page = CsrfForm.fromThePage().withToken().formParam("code", "<script>alert(1)</script>").post(CODE_PATH);

        page.then().statusCode(400).spec(SECURE)
                .body(containsString("A code has only letters, digits, dashes and spaces"), containsString("aria-invalid=\"true\""),
                        containsString("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), not(containsString("<script>")));
        assertNull(page.detailedCookie(CODE_COOKIE));
    }

    @Test
    void aCodeOfMoreThanAHundredCharactersIsRefusedAndNotShownBack() {
        String overlong = "a".repeat(101);

        Response page = CsrfForm.fromThePage().withToken().formParam("code", overlong).post(CODE_PATH);

        page.then().statusCode(400).spec(SECURE)
                .body(containsString("at most 100 of them"), containsString("aria-invalid=\"true\""), not(containsString(overlong)));
        assertNull(page.detailedCookie(CODE_COOKIE));
    }

    @Test
    void aWellFormedCodeIsSealedIntoTheCookieAndLookedUpAsTyped() {
        Response redirect = CsrfForm.fromThePage().withToken().formParam("code", "  " + TYPED + " ").post(CODE_PATH);

        redirect.then().statusCode(303).spec(SECURE);
        String sealed = redirect.cookie(CODE_COOKIE);
        assertNotNull(sealed, "no code cookie");
        assertAll(
                () -> assertEquals(PATH, URI.create(redirect.header("Location")).getPath()),
                () -> assertNull(URI.create(redirect.header("Location")).getQuery()),
                () -> assertNoCodeIn(sealed, TYPED),
                () -> assertEquals(List.of(), backends.lookups(), "taking the code looks nothing up"));

        backends.lookupFinds("REDEEMABLE");
        given().cookie(CODE_COOKIE, sealed).get(PATH).then().statusCode(200);
        assertTrue(WireMock.equalToJson("{\"code\":\"" + TYPED + "\"}").match(backends.lookups().get(0).getBodyAsString()).isExactMatch(),
                "invitation-service reads the code as typed, trimmed: " + backends.lookups().get(0).getBodyAsString());
    }

    private static void assertRefusedByCsrf(RequestSpecification post) {
        Response refused = post.formParam("code", TYPED).post(CODE_PATH);

        refused.then().statusCode(400);
        assertNull(refused.detailedCookie(CODE_COOKIE), "a refused form kept the code");
    }
}
