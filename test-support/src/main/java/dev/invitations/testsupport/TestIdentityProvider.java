package dev.invitations.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Makes the service under test verify tokens with {@link TestTokens}' public key and issuer instead of asking an
 * identity provider: signature, issuer and expiry are checked exactly as in production, without a server to start.
 */
public class TestIdentityProvider implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.public-key", TestTokens.publicKeyBase64(),
                "quarkus.oidc.token.issuer", TestTokens.ISSUER);
    }

    @Override
    public void stop() {
    }
}
