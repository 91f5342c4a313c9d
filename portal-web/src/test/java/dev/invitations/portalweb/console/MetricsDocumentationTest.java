package dev.invitations.portalweb.console;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.invitations.portalweb.console.Operators.OPERATOR;

import dev.invitations.portalweb.TestIdentityProvider.SignedIn;
import dev.invitations.portalweb.redeem.WireMockBackends;
import dev.invitations.testsupport.DocumentedMetrics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/metrics.md cannot drift: what it lists for portal-web is served at /q/metrics once a page called a service. */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class MetricsDocumentationTest {

    private final Operators operators = new Operators();

    @Test
    void everyDocumentedMetricIsExposedOnceAPageWasServedWithACallToAService() {
        SignedIn operator = operators.signIn(OPERATOR, "/console/invitations");
        operators.wireMock.register(get(urlPathEqualTo("/invitations")).willReturn(okJson("{\"items\":[],\"page\":0,\"size\":50,\"total\":0}")));

        operators.as(operator).get("/console/invitations").then().statusCode(200);

        DocumentedMetrics.assertAllExposed("portal-web", false, Duration.ofSeconds(30));
    }
}
