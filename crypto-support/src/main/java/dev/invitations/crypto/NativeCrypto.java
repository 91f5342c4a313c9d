package dev.invitations.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the Amazon Corretto Crypto Provider (AWS-LC, native) first among the JVM's security providers at start.
 *
 * <p>Why: every call to a service carries a bearer token, and every signed-in request to portal-web its session's ID
 * token, whose RS256 signature quarkus-oidc checks through jose4j, which asks the JCA for {@code SHA256withRSA} on each
 * check. The JDK's RSA is {@code BigInteger} arithmetic whose fast paths are C2 intrinsics, and the applications run
 * C1 only (LocalSystem and the images: start-up time and memory on small machines), where one check costs about 220 µs
 * of CPU against 25 µs natively; it was 40 % of invitation-service's CPU in the redemption rush (docs/benchmarks.md,
 * "Token signatures checked natively"). The JDK offers no faster RSA, and quarkus-oidc no way to choose jose4j's
 * provider, so the provider goes first in the list, as its authors intend: the codes' AES-GCM, their HMAC digests,
 * {@code SecureRandom} and the SCRAM logins then run natively too.
 *
 * <p>Where its native library cannot load (the bundled one is for Linux on x86-64) the JDK's providers stay, and the
 * application says so; {@value #ENABLED} = false keeps them on purpose.
 */
@ApplicationScoped
public class NativeCrypto {

    static final String ENABLED = "portal.crypto.native-provider";
    static final String TOKEN_SIGNATURE = "SHA256withRSA";

    private final boolean enabled;

    NativeCrypto(@ConfigProperty(name = ENABLED, defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    /** Before any other start-up observer, so that the relays' and consumers' logins use it too. */
    void install(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        Provider signatures = installFirst(enabled);
        Log.infof("Token signatures (%s) are checked by %s %s", TOKEN_SIGNATURE, signatures.getName(), signatures.getVersionStr());
    }

    /**
     * Installs the native provider first when {@code enabled} and its library loads; gives the provider that now checks
     * {@value #TOKEN_SIGNATURE}. Idempotent: the JVM's provider list is shared by every application it runs.
     */
    static Provider installFirst(boolean enabled) {
        return installFirst(enabled, AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError());
    }

    /** @param notLoaded why the native library did not load here, or null: it did */
    static Provider installFirst(boolean enabled, Throwable notLoaded) {
        if (enabled) {
            if (notLoaded == null) {
                AmazonCorrettoCryptoProvider.install();
            } else {
                Log.warnf("The native crypto provider cannot load here (%s); the JDK's providers stay", notLoaded.toString());
            }
        } else if (Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) != null) {
            // Switched off: a provider installed by an earlier application of this JVM goes too.
            Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
        }
        try {
            return Signature.getInstance(TOKEN_SIGNATURE).getProvider();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No provider checks " + TOKEN_SIGNATURE + " signatures", e);
        }
    }
}
