package dev.invitations.portalweb.redeem;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A form of the page as a browser posts it: quarkus-rest-csrf's double submit, the cookie and the hidden field that a
 * GET of the page handed out.
 */
record CsrfForm(String cookie, String field) {

    /** quarkus-rest-csrf's default name of both the cookie and the form field. */
    static final String NAME = "csrf-token";
    private static final Pattern HIDDEN_FIELD = Pattern.compile("name=\"" + NAME + "\" value=\"([^\"]+)\"");

    static CsrfForm fromThePage() {
        Response page = given().get(RedeemPage.PATH);
        Matcher field = HIDDEN_FIELD.matcher(page.asString());
        assertTrue(field.find(), "the page's form has no CSRF field");
        assertNotNull(page.cookie(NAME), "the page set no CSRF cookie");
        return new CsrfForm(page.cookie(NAME), field.group(1));
    }

    /** A form post, redirects not followed, with no CSRF token yet: add the form's own fields and post it. */
    static RequestSpecification withoutToken() {
        return given().redirects().follow(false).contentType(ContentType.URLENC);
    }

    /** {@link #withoutToken()} with both halves of the token. */
    RequestSpecification withToken() {
        return withoutToken().cookie(NAME, cookie).formParam(NAME, field);
    }

    /** Both halves of the token for a form that uploads a file: multipart/form-data, the field a part of its own. */
    RequestSpecification withTokenAsMultipart() {
        return given().redirects().follow(false).cookie(NAME, cookie).multiPart(NAME, field);
    }
}
