package dev.invitations.invitationservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The settings of invitation-service itself (owner service URLs are the REST clients' own {@code quarkus.rest-client.*} keys). */
@ConfigMapping(prefix = "invitation-service")
public interface InvitationServiceConfig {

    Sending sending();

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
