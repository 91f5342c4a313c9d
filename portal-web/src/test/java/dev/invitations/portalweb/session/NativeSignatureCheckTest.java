package dev.invitations.portalweb.session;

import dev.invitations.portalweb.redeem.WireMockBackends;
import dev.invitations.testsupport.SignatureProvider;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

/**
 * crypto-support's NativeCrypto ran when portal-web started: the session's ID token, checked on every signed-in
 * request, is checked natively.
 */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class NativeSignatureCheckTest {

    @Test
    void sessionTokenSignaturesAreCheckedByTheNativeProviderWhereItLoads() throws NoSuchAlgorithmException {
        SignatureProvider.assertNativeWhereItsLibraryLoads();
    }
}
