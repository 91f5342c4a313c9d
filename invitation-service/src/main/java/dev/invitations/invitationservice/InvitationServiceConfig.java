package dev.invitations.invitationservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The settings of invitation-service itself (owner service URLs are the REST clients' own {@code quarkus.rest-client.*} keys). */
@ConfigMapping(prefix = "invitation-service")
public interface InvitationServiceConfig {

    Sending sending();

    Codes codes();

    /** The keys that keep invitation codes secret at rest; each 32 random bytes, base64 (a Secret in deployments). */
    interface Codes {

        /** Key of the HMAC-SHA-256 a code is looked up by. Changing it makes every existing code unredeemable. */
        String lookupKey();

        /** AES-256-GCM key of the encrypted copy that resends email; notification-service holds the same key. */
        String encryptionKey();
    }

    interface Sending {

        /** The most invitation ids one bulk send accepts; it bounds the memory and the time one request may take. */
        @WithDefault("10000")
        int maxIdsPerRequest();

        /**
         * Invitations handled per database transaction in a bulk send: a few statements per chunk instead of a few
         * per invitation, and a failing chunk does not undo the chunks already sent.
         */
        @WithDefault("1000")
        int chunkSize();
    }
}
