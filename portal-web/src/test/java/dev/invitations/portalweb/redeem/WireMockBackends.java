package dev.invitations.portalweb.redeem;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * WireMock on a free 127.0.0.1 port in place of the realm's identity provider, invitation-service,
 * redemption-service, notification-service and workflow-service: there is no Docker here to run them in, and the page's rules are about what it asks them and
 * what it makes of their answers. Tests talk to it through {@link Backends}, over WireMock's admin API, so nothing is
 * shared between the test's and the application's class loaders.
 */
public class WireMockBackends implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        Backends backends = new Backends("http://127.0.0.1:" + server.port());
        backends.reset();
        return Map.of(
                "quarkus.oidc.auth-server-url", backends.realm(),
                "quarkus.rest-client.invitation-service.url", backends.url(),
                "quarkus.rest-client.redemption-service.url", backends.url(),
                "quarkus.rest-client.notification-service.url", backends.url(),
                "quarkus.rest-client.workflow-service.url", backends.url(),
                "portal.oidc.client-secret", Backends.CLIENT_SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
