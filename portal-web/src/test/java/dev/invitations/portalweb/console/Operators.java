package dev.invitations.portalweb.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.invitations.portalweb.TestIdentityProvider;
import dev.invitations.portalweb.TestIdentityProvider.Person;
import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import dev.invitations.portalweb.redeem.Backends;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser signed in to the console with given roles, against the WireMock of the module's tests. */
final class Operators {

    static final Person OPERATOR = Person.withRoles("Olivia Operator", "invitations-operator");
    static final Person TEMPLATE_EDITOR = Person.withRoles("Tess Templates", "templates-editor");
    static final Person ACCOUNTS_ADMIN = Person.withRoles("Alex Accounts", "accounts-admin");
    static final Person WORKFLOW_EDITOR = Person.withRoles("Wanda Workflows", "workflows-editor");
    static final Person PORTAL_USER = Person.withRoles("Ada Lovelace", "portal");

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    final Backends backends = Backends.ofTheApplication();
    final WireMock wireMock = backends.wireMock();

    /** Forgets every stub and request, then signs {@code person} in (through the page at {@code path}). */
    SignedIn signIn(Person person, String path) {
        backends.reset();
        return TestIdentityProvider.signIn(wireMock, backends.realm(), person, path);
    }

    RequestSpecification as(SignedIn browser) {
        return given().redirects().follow(false).cookies(browser.cookies());
    }

    /** A form of {@code page} as the browser posts it: with the CSRF cookie and field the page handed out. */
    RequestSpecification formOf(SignedIn browser, String page) {
        Csrf csrf = csrfOf(browser, page);
        return as(browser).contentType(ContentType.URLENC).cookie("csrf-token", csrf.cookie()).formParam("csrf-token", csrf.field());
    }

    /** {@link #formOf} for a form that uploads a file (multipart/form-data): add its parts and post it. */
    RequestSpecification multipartFormOf(SignedIn browser, String page) {
        Csrf csrf = csrfOf(browser, page);
        return as(browser).cookie("csrf-token", csrf.cookie()).multiPart("csrf-token", csrf.field());
    }

    /** The CSRF cookie and hidden field that a GET of {@code page} handed out. */
    private Csrf csrfOf(SignedIn browser, String page) {
        var answer = as(browser).get(page);
        Matcher field = CSRF_FIELD.matcher(answer.asString());
        assertTrue(field.find(), "no CSRF field on " + page + ": " + answer.statusCode() + " " + answer.asString());
        String cookie = answer.cookie("csrf-token") == null ? browser.cookies().get("csrf-token") : answer.cookie("csrf-token");
        return new Csrf(cookie, field.group(1));
    }

    private record Csrf(String cookie, String field) {
    }

    /** Every request that reached a service (not the identity provider). */
    List<LoggedRequest> serviceCalls() {
        return wireMock.find(WireMock.anyRequestedFor(WireMock.anyUrl())).stream()
                .filter(request -> !request.getUrl().startsWith("/realms/")).toList();
    }
}
