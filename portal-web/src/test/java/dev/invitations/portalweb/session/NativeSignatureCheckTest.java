package dev.invitations.portalweb.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.portalweb.redeem.WireMockBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import org.junit.jupiter.api.Test;

/**
 * crypto-support's NativeCrypto ran when portal-web started: the session's ID token, checked on every signed-in
 * request, is checked natively where the bundled library loads (Linux on x86-64: the build machines and the images),
 * by the JDK elsewhere.
 */
@QuarkusTest
@WithTestResource(WireMockBackends.class)
class NativeSignatureCheckTest {

    @Test
    void sessionTokenSignaturesAreCheckedByTheNativeProviderWhereItLoads() throws NoSuchAlgorithmException {
        boolean bundledPlatform = "Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"));
        assertEquals(bundledPlatform ? "AmazonCorrettoCryptoProvider" : "SunRsaSign",
                Signature.getInstance("SHA256withRSA").getProvider().getName());
    }
}
