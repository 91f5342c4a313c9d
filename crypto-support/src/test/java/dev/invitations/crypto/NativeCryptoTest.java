package dev.invitations.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider that checks token signatures: the native one where its library loads (Linux on x86-64, the machines
 * the build and the images run on), the JDK's elsewhere or when switched off; either checks a JDK-made RS256
 * signature and refuses a forged one.
 */
class NativeCryptoTest {

    private static final boolean NATIVE_LIBRARY_HERE = "Linux".equals(System.getProperty("os.name"))
            && "amd64".equals(System.getProperty("os.arch"));
    private static final byte[] SIGNED = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ".getBytes(StandardCharsets.US_ASCII);

    private static KeyPair realmKey;
    private static byte[] signature;

    @BeforeAll
    static void signAsTheRealmDoes() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        generator.initialize(2048);
        realmKey = generator.generateKeyPair();
        Signature signer = Signature.getInstance(NativeCrypto.TOKEN_SIGNATURE, "SunRsaSign");
        signer.initSign(realmKey.getPrivate());
        signer.update(SIGNED);
        signature = signer.sign();
    }

    @AfterAll
    static void leaveTheJdksProviders() {
        NativeCrypto.installFirst(false);
    }

    @Test
    void theNativeProviderChecksSignaturesWhereItsLibraryLoads() throws GeneralSecurityException {
        Provider provider = NativeCrypto.installFirst(true);

        assertEquals(NATIVE_LIBRARY_HERE ? "AmazonCorrettoCryptoProvider" : "SunRsaSign", provider.getName());
        assertEquals(provider, NativeCrypto.installFirst(true), "installing twice changes nothing");
        assertChecks(provider);
    }

    @Test
    void switchedOffTheJdksProviderChecksThem() throws GeneralSecurityException {
        NativeCrypto.installFirst(true);

        Provider provider = NativeCrypto.installFirst(false);

        assertEquals("SunRsaSign", provider.getName());
        assertChecks(provider);
    }

    /** Another OS or CPU: the bundled library does not load, and the JDK's providers keep checking signatures. */
    @Test
    void whereTheLibraryCannotLoadTheJdksProviderChecksThem() throws GeneralSecurityException {
        NativeCrypto.installFirst(false);

        Provider provider = NativeCrypto.installFirst(true, new UnsatisfiedLinkError("no native library for this platform"));

        assertEquals("SunRsaSign", provider.getName());
        assertChecks(provider);
    }

    private static void assertChecks(Provider expected) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(NativeCrypto.TOKEN_SIGNATURE);
        assertEquals(expected, verifier.getProvider(), "the provider a JCA caller such as jose4j gets");
        verifier.initVerify(realmKey.getPublic());
        verifier.update(SIGNED);
        assertTrue(verifier.verify(signature), "the realm's signature");

        byte[] forged = signature.clone();
        forged[forged.length - 1] ^= 1;
        verifier.initVerify(realmKey.getPublic());
        verifier.update(SIGNED);
        assertFalse(verifier.verify(forged), "a signature changed by one bit");
    }
}
