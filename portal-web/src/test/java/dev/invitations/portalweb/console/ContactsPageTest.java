package dev.invitations.portalweb.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.invitations.portalweb.console.Operators.OPERATOR;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import dev.invitations.portalweb.redeem.Backends;
import dev.invitations.portalweb.redeem.WireMockBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's Contacts against a stubbed invitation-service, signed in as an operator through the real code flow. */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class ContactsPageTest {

    static final String ADA_ID = "5f0e8a53-3c1b-4d7e-8a8e-0d6c2b9f1a01";
    static final String ADA = """
            {"id":"%s","fullName":"Ada Lovelace","emailAddress1":"ada@example.org","emailAddress2":"countess@example.org",
             "emailAddress3":null,"locale":"en","identities":[]}""".formatted(ADA_ID);

    private final Operators operators = new Operators();

    @Test
    void anOperatorFindsAContactByAnyAddressWithTheirOwnToken() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts");
        operators.wireMock.register(get(urlPathEqualTo("/contacts")).withQueryParam("email", equalTo("countess@example.org"))
                .willReturn(okJson("{\"items\":[" + ADA + "],\"page\":0,\"size\":20,\"total\":1}")));

        operators.as(operator).queryParam("q", "countess@example.org").get("/console/contacts").then().statusCode(200)
                .body(containsString("Ada Lovelace"), containsString("href=\"/console/contacts/" + ADA_ID + "\""),
                        containsString("<html lang=\"en\">"), containsString("Olivia Operator"));

        var calls = operators.serviceCalls();
        assertAll(
                () -> assertEquals(1, calls.size(), calls.toString()),
                () -> assertEquals("Bearer " + operator.accessToken(), calls.get(0).getHeader("Authorization")),
                () -> assertFalse(calls.get(0).getHeader("Authorization").contains(Backends.SERVICE_TOKEN)));
    }

    @Test
    void textWithoutAnAtSignFindsContactsByPartOfTheirName() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts");
        operators.wireMock.register(get(urlPathEqualTo("/contacts")).withQueryParam("name", equalTo("love lace"))
                .withQueryParam("email", absent()).willReturn(okJson("{\"items\":[" + ADA + "],\"page\":0,\"size\":20,\"total\":1}")));

        operators.as(operator).queryParam("q", "  love lace ").get("/console/contacts").then().statusCode(200)
                .body(containsString("Ada Lovelace"), containsString("value=\"love lace\""));
    }

    @Test
    void aSearchLongerThanAnyNameIsRefusedWithoutAskingTheService() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts");

        operators.as(operator).queryParam("q", "x".repeat(201)).get("/console/contacts").then().statusCode(400)
                .body(containsString("Search with at most 200 characters."), containsString("aria-invalid=\"true\""));
        assertEquals(List.of(), operators.serviceCalls());
    }

    @Test
    void aRefusedContactComesBackWithTheServicesMessageNextToItsFieldAndWhatWasTyped() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts/new");
        operators.wireMock.register(post("/contacts").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
                .withBody("""
                        {"status":400,"detail":"emailAddress1: must be a well-formed email address",
                         "errors":[{"field":"emailAddress1","message":"must be a well-formed email address"}]}""")));

        operators.formOf(operator, "/console/contacts/new").formParam("fullName", "Grace Hopper").formParam("emailAddress1", "grace-at-example")
                .post("/console/contacts").then().statusCode(400)
                .body(containsString("<p id=\"emailAddress1-error\" class=\"error\">must be a well-formed email address</p>"),
                        containsString("aria-invalid=\"true\" aria-describedby=\"emailAddress1-help emailAddress1-error\""),
                        containsString("value=\"Grace Hopper\""), containsString("value=\"grace-at-example\""),
                        not(containsString("fullName-error")));
    }

    @Test
    void aNewContactIsCreatedWithBlankAddressesLeftOutAndShownSaved() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts/new");
        operators.wireMock.register(post("/contacts").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(ADA)));

        var created = operators.formOf(operator, "/console/contacts/new").formParam("fullName", " Ada Lovelace ")
                .formParam("emailAddress1", "ada@example.org").formParam("emailAddress2", "").formParam("locale", "en")
                .post("/console/contacts");

        assertAll(
                () -> assertEquals(303, created.statusCode()),
                () -> assertEquals("/console/contacts/" + ADA_ID + "?saved=true", java.net.URI.create(created.header("Location")).getRawPath()
                        + "?" + java.net.URI.create(created.header("Location")).getRawQuery()),
                () -> operators.wireMock.verifyThat(postRequestedFor(urlPathEqualTo("/contacts"))
                        .withRequestBody(equalToJson("{\"fullName\":\"Ada Lovelace\",\"emailAddress1\":\"ada@example.org\",\"locale\":\"en\"}", false, false))));
    }

    @Test
    void aContactsPageOffersToInviteIt() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts/" + ADA_ID);
        operators.wireMock.register(get("/contacts/" + ADA_ID).willReturn(okJson(ADA)));

        operators.as(operator).get("/console/contacts/" + ADA_ID).then().statusCode(200)
                .body(containsString("href=\"/console/invitations/new?contactId=" + ADA_ID + "\""), containsString("value=\"countess@example.org\""));
    }

    @Test
    void theConsoleSpeaksTheBrowsersLanguage() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts/new");

        operators.as(operator).header("Accept-Language", "de-AT, en;q=0.5").get("/console/contacts/new").then().statusCode(200)
                .body(containsString("<html lang=\"de\">"), containsString("Neuer Kontakt"), containsString("Haupt-E-Mail-Adresse"));
    }

    @Test
    void anUnknownContactIsANotFoundPage() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts");
        operators.wireMock.register(get("/contacts/" + ADA_ID).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404}")));

        operators.as(operator).get("/console/contacts/" + ADA_ID).then().statusCode(404).body(containsString("There is no such record"));
    }

    @Test
    void anUnreachableServiceIsAServiceUnavailablePageThatSaysNothingChanged() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/contacts");
        operators.wireMock.register(get(urlPathEqualTo("/contacts")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        operators.as(operator).get("/console/contacts").then().statusCode(503).header("Retry-After", "30")
                .body(containsString("Nothing was changed"));
    }
}
