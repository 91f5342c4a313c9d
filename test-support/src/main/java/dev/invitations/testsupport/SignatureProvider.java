package dev.invitations.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.NoSuchAlgorithmException;
import java.security.Signature;

/**
 * Which provider checks token signatures (RS256) in the running application: crypto-support's NativeCrypto puts the
 * native one first at start where its bundled library loads (Linux on x86-64: the build machines and the images); the
 * JDK's stays elsewhere.
 */
public final class SignatureProvider {

    private SignatureProvider() {
    }

    public static void assertNativeWhereItsLibraryLoads() throws NoSuchAlgorithmException {
        boolean bundledPlatform = "Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"));
        assertEquals(bundledPlatform ? "AmazonCorrettoCryptoProvider" : "SunRsaSign",
                Signature.getInstance("SHA256withRSA").getProvider().getName());
    }
}
