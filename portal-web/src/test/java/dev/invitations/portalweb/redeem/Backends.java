package dev.invitations.portalweb.redeem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.invitations.portalweb.TestIdentityProvider;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the tests make the WireMock of {@link WireMockBackends} answer, and what it was asked. The identity provider is
 * always there (discovery, keys, and the client-credentials grant of portal-web with its secret); invitation-service's
 * lookup answers what each test stubs, about the one invitation below.
 */
public final class Backends {

    public static final String CLIENT_SECRET = "test-secret";
    public static final String SERVICE_TOKEN = "service-token";

    static final String INVITATION_NAME = "Partner programme";
    static final String INVITER_NAME = "Ingrid Inviter";
    static final String OWNER_NAME = "Olivia Owner";
    static final String ACCOUNT_NAME = "Contoso";
    static final List<String> WEB_ROLE_NAMES = List.of("Partner Portal", "Reports");
    static final Instant EXPIRES_AT = Instant.parse("2026-03-01T09:30:00Z");

    private static final String REALM_PATH = "/realms/portal";
    private static final String OIDC_PATH = REALM_PATH + "/protocol/openid-connect";
    private static final String LOOKUP_PATH = "/invitations/lookup";
    private static final String REDEEM_PATH = "/invitations/redeem";

    private final String url;
    private final WireMock wireMock;

    public Backends(String url) {
        URI address = URI.create(url);
        this.url = url;
        this.wireMock = WireMock.create().scheme(address.getScheme()).host(address.getHost()).port(address.getPort()).build();
    }

    /** The WireMock the application under test was configured with. */
    public static Backends ofTheApplication() {
        return new Backends(ConfigProvider.getConfig().getValue("quarkus.rest-client.invitation-service.url", String.class));
    }

    public String url() {
        return url;
    }

    public String realm() {
        return url + REALM_PATH;
    }

    public URI authorizationEndpoint() {
        return URI.create(realm() + "/protocol/openid-connect/auth");
    }

    /** Forgets what was asked and every test's stubs; the identity provider stays. */
    public void reset() {
        wireMock.resetMappings();
        wireMock.resetRequests();
        String realm = realm();
        wireMock.register(get(REALM_PATH + "/.well-known/openid-configuration").willReturn(okJson("""
                {"issuer":"%1$s",
                 "authorization_endpoint":"%1$s/protocol/openid-connect/auth",
                 "token_endpoint":"%1$s/protocol/openid-connect/token",
                 "jwks_uri":"%1$s/protocol/openid-connect/certs",
                 "end_session_endpoint":"%1$s/protocol/openid-connect/logout"}
                """.formatted(realm))));
        // The key TestIdentityProvider signs the tokens of a sign-in with (the console's tests sign operators in).
        wireMock.register(get(OIDC_PATH + "/certs").willReturn(okJson(TestIdentityProvider.publicKeys())));
        // Only portal-web's own client with its secret gets a token: a lookup carrying it proves the filter used them.
        wireMock.register(post(OIDC_PATH + "/token").withBasicAuth("portal-web", CLIENT_SECRET)
                .withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(okJson("{\"access_token\":\"" + SERVICE_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
    }

    /** The WireMock client, for the console's tests' own stubs. */
    public WireMock wireMock() {
        return wireMock;
    }

    /** The lookup describes the invitation, in the given {@code InvitationPreview.Status}. */
    void lookupFinds(String status) {
        lookupAnswers(okJson("""
                {"name":"%s","type":"SINGLE","status":"%s","expiresAt":"%s","ownerName":"%s","inviterName":"%s",
                 "accountName":"%s","webRoleNames":["%s","%s"],"runsWorkflow":false,"redemptionsLeft":1}
                """.formatted(INVITATION_NAME, status, EXPIRES_AT, OWNER_NAME, INVITER_NAME, ACCOUNT_NAME,
                WEB_ROLE_NAMES.get(0), WEB_ROLE_NAMES.get(1))));
    }

    /** The lookup describes a redeemable GROUP invitation open only to addresses at these email domains. */
    void lookupFindsAGroupOpenTo(String... domains) {
        lookupAnswers(okJson("""
                {"name":"%s","type":"GROUP","status":"REDEEMABLE","ownerName":"%s","webRoleNames":[],"runsWorkflow":false,
                 "redemptionsLeft":7,"allowedEmailDomains":[%s]}
                """.formatted(INVITATION_NAME, OWNER_NAME,
                java.util.Arrays.stream(domains).map(domain -> '"' + domain + '"').collect(java.util.stream.Collectors.joining(",")))));
    }

    /** The lookup answers a problem of type {@code urn:portal-invitations:problem:<slug>}, as invitation-service does. */
    void lookupRefuses(int status, String problemSlug) {
        lookupAnswers(problem(status, problemSlug));
    }

    void lookupRefuses(int status, String problemSlug, long retryAfterSeconds) {
        lookupAnswers(problem(status, problemSlug).withHeader("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** invitation-service fails as a server does when something unforeseen breaks in it. */
    void lookupFailsInternally() {
        lookupAnswers(aResponse().withStatus(500).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Internal Server Error\",\"status\":500}"));
    }

    /** invitation-service drops the connection, as a crashed or restarting service does. */
    void lookupDropsTheConnection() {
        lookupAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    List<LoggedRequest> lookups() {
        return wireMock.find(postRequestedFor(urlEqualTo(LOOKUP_PATH)));
    }

    /** Every request that reached a service but the lookup (which is made with portal-web's own token). */
    List<LoggedRequest> callsOnBehalfOfAPerson() {
        return wireMock.find(WireMock.anyRequestedFor(WireMock.anyUrl())).stream()
                .filter(request -> !request.getUrl().startsWith(REALM_PATH) && !request.getUrl().equals(LOOKUP_PATH)).toList();
    }

    List<LoggedRequest> redemptions() {
        return wireMock.find(postRequestedFor(urlEqualTo(REDEEM_PATH)));
    }

    private void lookupAnswers(ResponseDefinitionBuilder answer) {
        wireMock.register(post(LOOKUP_PATH).willReturn(answer));
    }

    private static ResponseDefinitionBuilder problem(int status, String problemSlug) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"urn:portal-invitations:problem:%s\",\"status\":%d}".formatted(problemSlug, status));
    }
}
