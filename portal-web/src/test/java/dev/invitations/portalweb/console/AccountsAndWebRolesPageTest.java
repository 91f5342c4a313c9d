package dev.invitations.portalweb.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.invitations.portalweb.console.Operators.ACCOUNTS_ADMIN;
import static dev.invitations.portalweb.console.Operators.OPERATOR;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.invitations.portalweb.TestIdentityProvider.Person;
import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import dev.invitations.portalweb.Times;
import dev.invitations.portalweb.redeem.WireMockBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's Accounts and Web roles against a stubbed redemption-service, signed in as an accounts-admin. */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class AccountsAndWebRolesPageTest {

    static final String CONTOSO_ID = "7a1c2e3d-4b5f-4a6e-8d7c-9b0a1f2e3d4c";
    static final String CONTOSO = """
            {"id":"%s","name":"Contoso Ltd","createdAt":"2026-03-01T09:30:00Z"}""".formatted(CONTOSO_ID);
    static final String PARTNER_ID = "3e2d1c0b-9a8f-4e7d-a6c5-b4a3f2e1d0c9";
    static final String PARTNER = """
            {"id":"%s","name":"Partner","description":"Sees the partner pages","createdAt":"2026-03-01T09:31:00Z"}""".formatted(PARTNER_ID);

    private final Operators operators = new Operators();

    @Test
    void anAccountsAdminFindsAccountsByNameWithTheirOwnToken() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/accounts");
        operators.wireMock.register(get(urlPathEqualTo("/accounts")).withQueryParam("name", equalTo("conto"))
                .withQueryParam("limit", equalTo("100")).willReturn(okJson("[" + CONTOSO + "]")));

        operators.as(admin).queryParam("name", " conto ").get("/console/accounts").then().statusCode(200)
                .body(containsString("Contoso Ltd"), containsString(Times.format(Instant.parse("2026-03-01T09:30:00Z"), Locale.ENGLISH)), containsString(CONTOSO_ID),
                        containsString("value=\"conto\""), containsString("id=\"nav-accounts\" href=\"/console/accounts\" aria-current=\"page\""),
                        not(containsString("id=\"nav-contacts\"")));

        var calls = operators.serviceCalls();
        assertAll(
                () -> assertEquals(1, calls.size(), calls.toString()),
                () -> assertEquals("Bearer " + admin.accessToken(), calls.get(0).getHeader("Authorization")));
    }

    @Test
    void aNewAccountIsCreatedTrimmedAndTheListShowsIt() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/accounts/new");
        operators.wireMock.register(post("/accounts").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(CONTOSO)));

        var created = operators.formOf(admin, "/console/accounts/new").formParam("name", "  Contoso Ltd ").post("/console/accounts");

        assertAll(
                () -> assertEquals(303, created.statusCode()),
                () -> assertEquals("/console/accounts?name=Contoso+Ltd&created=true", pathAndQuery(created.header("Location"))),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/accounts"))
                        .withRequestBody(equalToJson("{\"name\":\"Contoso Ltd\"}", false, false))));
    }

    @Test
    void aRefusedAccountComesBackWithTheServicesMessageNextToItsNameAndWhatWasTyped() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/accounts/new");
        String tooLong = "C".repeat(201);
        operators.wireMock.register(post("/accounts").willReturn(problem(400, """
                {"status":400,"detail":"name: size must be between 0 and 200",
                 "errors":[{"field":"name","message":"size must be between 0 and 200"}]}""")));

        operators.formOf(admin, "/console/accounts/new").formParam("name", tooLong).post("/console/accounts").then().statusCode(400)
                .body(containsString("<p id=\"name-error\" class=\"error\">size must be between 0 and 200</p>"),
                        containsString("aria-invalid=\"true\""), containsString("value=\"" + tooLong + "\""));
    }

    @Test
    void aTooLongSearchIsRefusedWithoutAskingTheService() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/accounts/new");

        operators.as(admin).queryParam("name", "n".repeat(201)).get("/console/accounts").then().statusCode(400)
                .body(containsString("id=\"name-error\""), containsString("at most 200 characters"));
        assertEquals(List.of(), operators.serviceCalls());
    }

    @Test
    void everyWebRoleIsListedWithItsDescriptionAndADeleteLink() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/web-roles");
        operators.wireMock.register(get("/web-roles").willReturn(okJson("[" + PARTNER + "]")));

        operators.as(admin).get("/console/web-roles").then().statusCode(200)
                .body(containsString("Partner"), containsString("Sees the partner pages"),
                        containsString("href=\"/console/web-roles/" + PARTNER_ID + "/delete\""), containsString("id=\"nav-web-roles\""));
    }

    @Test
    void aNewWebRoleIsCreatedWithABlankDescriptionLeftOut() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/web-roles/new");
        operators.wireMock.register(post("/web-roles").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(PARTNER)));

        var created = operators.formOf(admin, "/console/web-roles/new").formParam("name", " Partner ").formParam("description", " ")
                .post("/console/web-roles");

        assertAll(
                () -> assertEquals(303, created.statusCode()),
                () -> assertEquals("/console/web-roles?created=true", pathAndQuery(created.header("Location"))),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/web-roles"))
                        .withRequestBody(equalToJson("{\"name\":\"Partner\"}", false, false))));
    }

    @Test
    void aWebRoleNameTakenIsShownNextToTheNameWithWhatWasTyped() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/web-roles/new");
        operators.wireMock.register(post("/web-roles").willReturn(problem(409, """
                {"status":409,"detail":"A web role named 'partner' already exists (names ignore case)"}""")));

        operators.formOf(admin, "/console/web-roles/new").formParam("name", "partner").formParam("description", "Sees <b>more</b>")
                .post("/console/web-roles").then().statusCode(409)
                .body(containsString("<p id=\"name-error\" class=\"error\">Another web role has this name already"),
                        containsString("value=\"partner\""), containsString("Sees &lt;b&gt;more&lt;/b&gt;</textarea>"));
    }

    @Test
    void aBlankWebRoleNameIsRefusedNextToItsField() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/web-roles/new");
        operators.wireMock.register(post("/web-roles").willReturn(problem(400, """
                {"status":400,"detail":"name: must not be blank","errors":[{"field":"name","message":"must not be blank"}]}""")));

        operators.formOf(admin, "/console/web-roles/new").formParam("name", "").formParam("description", "Kept")
                .post("/console/web-roles").then().statusCode(400)
                .body(containsString("<p id=\"name-error\" class=\"error\">must not be blank</p>"), containsString(">Kept</textarea>"));
    }

    @Test
    void deletingAWebRoleIsConfirmedFirstThenDeleted() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/web-roles");
        operators.wireMock.register(get("/web-roles/" + PARTNER_ID).willReturn(okJson(PARTNER)));
        operators.wireMock.register(delete("/web-roles/" + PARTNER_ID).willReturn(aResponse().withStatus(204)));
        String confirmation = "/console/web-roles/" + PARTNER_ID + "/delete";

        operators.as(admin).get(confirmation).then().statusCode(200)
                .body(containsString("Delete the web role Partner?"), containsString("takes it from every contact that holds it"),
                        containsString("action=\"" + confirmation + "\""));
        assertEquals(0, operators.wireMock.find(deleteRequestedFor(urlPathEqualTo("/web-roles/" + PARTNER_ID))).size(),
                "the confirmation deleted");

        var deleted = operators.formOf(admin, confirmation).post(confirmation);

        assertAll(
                () -> assertEquals(303, deleted.statusCode()),
                () -> assertEquals("/console/web-roles?deleted=true", pathAndQuery(deleted.header("Location"))),
                () -> operators.wireMock.verifyThat(1, deleteRequestedFor(urlPathEqualTo("/web-roles/" + PARTNER_ID))
                        .withHeader("Authorization", equalTo("Bearer " + admin.accessToken()))));
    }

    @Test
    void aWebRoleAlreadyGoneIsANotFoundPage() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/web-roles");
        operators.wireMock.register(get("/web-roles/" + PARTNER_ID).willReturn(problem(404, "{\"status\":404}")));

        operators.as(admin).get("/console/web-roles/" + PARTNER_ID + "/delete").then().statusCode(404)
                .body(containsString("There is no such record"));
    }

    @Test
    void aPathThatNamesNoWebRoleIsANotFoundPageAndAsksNoService() {
        SignedIn admin = operators.signIn(ACCOUNTS_ADMIN, "/console/web-roles");

        operators.as(admin).get("/console/web-roles/not-an-id/delete").then().statusCode(404)
                .body(containsString("There is no such record"), containsString("id=\"nav-web-roles\""));
        operators.formOf(admin, "/console/web-roles/new").post("/console/web-roles/not-an-id/delete").then().statusCode(404)
                .body(containsString("There is no such record"));
        assertEquals(List.of(), operators.serviceCalls());
    }

    @Test
    void theInvitationFormOffersToCreateAnAccountOrWebRoleOnlyToAnAccountsAdmin() {
        Person both = Person.withRoles("Olivia Admin", "invitations-operator", "accounts-admin");
        assertAll(Map.of(both, true, OPERATOR, false).entrySet().stream().map(entry -> () -> {
            SignedIn browser = operators.signIn(entry.getKey(), "/console/invitations/new");
            operators.wireMock.register(get(urlPathEqualTo("/accounts")).willReturn(okJson("[" + CONTOSO + "]")));
            operators.wireMock.register(get("/web-roles").willReturn(okJson("[" + PARTNER + "]")));
            String form = operators.as(browser).get("/console/invitations/new").then().statusCode(200).extract().asString();
            assertEquals(entry.getValue(), form.contains("href=\"/console/accounts/new\""), entry.getKey().roles().toString());
            assertEquals(entry.getValue(), form.contains("href=\"/console/web-roles/new\""), entry.getKey().roles().toString());
        }));
    }

    private static ResponseDefinitionBuilder problem(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json").withBody(body);
    }

    private static String pathAndQuery(String location) {
        URI uri = URI.create(location);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
