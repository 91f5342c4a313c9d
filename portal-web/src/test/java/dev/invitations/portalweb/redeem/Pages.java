package dev.invitations.portalweb.redeem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.builder.ResponseSpecBuilder;
import io.restassured.specification.ResponseSpecification;
import java.util.Locale;

/** What the tests of the page share: how a browser comes to hold a code, and what every answer must carry and hide. */
final class Pages {

    /** SecurityHeaders: on every answer of the page, whatever its status. */
    static final ResponseSpecification SECURE = new ResponseSpecBuilder()
            .expectHeader("Referrer-Policy", "no-referrer")
            .expectHeader("Cache-Control", "no-store")
            .expectHeader("Content-Security-Policy", containsString("frame-ancestors 'none'"))
            .build();

    /** The sealed cookie a browser gets by opening the email's link with this code. */
    static String codeCookieFromTheLink(String code) {
        return given().redirects().follow(false).queryParam("code", code).get(RedeemPage.PATH)
                .then().statusCode(303).extract().cookie(RedeemPage.CODE_COOKIE);
    }

    /** The code, in any case and with or without its dashes, is nowhere in {@code text}. */
    static void assertNoCodeIn(String text, String code) {
        String normalised = code.replace("-", "").toUpperCase(Locale.ROOT);
        assertFalse(text.replace("-", "").toUpperCase(Locale.ROOT).contains(normalised), "the code leaked: " + text);
    }

    private Pages() {
    }
}
