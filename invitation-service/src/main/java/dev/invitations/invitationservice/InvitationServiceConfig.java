package dev.invitations.invitationservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The settings of invitation-service itself (owner service URLs are the REST clients' own {@code quarkus.rest-client.*} keys). */
@ConfigMapping(prefix = "invitation-service")
public interface InvitationServiceConfig {

    Sending sending();

    Codes codes();

    RedemptionThrottle redemptionThrottle();

    Lists lists();

    Expiry expiry();

    Reminders reminders();

    Idempotency idempotency();

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

        /**
         * The most emails one bulk send may queue, counted before anything is written: 1,000 GROUP invitations of
         * 1,000 contacts each would otherwise be a million events from one request.
         */
        @WithDefault("50000")
        int maxRecipientsPerRequest();

        /**
         * The most emails one chunk (one transaction) queues: a chunk closes early when its invitations reach this many
         * recipients. One invitation is never split, so a chunk holds at least one (a GROUP has at most 1,000 contacts).
         */
        @WithDefault("5000")
        int maxRecipientsPerChunk();

        /** How soon the same invitation may be sent again (429 with Retry-After, or rejected in a bulk send); 0 = no wait. */
        @WithDefault("60s")
        Duration resendCooldown();
    }

    /**
     * Failed redemption attempts, counted in PostgreSQL so that every replica sees the same counts. Once a key reaches
     * its maximum within the window, attempts under that key answer 429 for {@link #block()}. A maximum of 0 turns that
     * key off.
     */
    interface RedemptionThrottle {

        /** The time over which failures are counted; the count starts again after it. */
        @WithDefault("10m")
        Duration window();

        /** How long a key that reached its maximum is refused (429 with Retry-After). */
        @WithDefault("10m")
        Duration block();

        /**
         * Failures per caller: unknown code, and refusals of an existing code. The caller is the token's login (issuer and
         * subject), or, for a lookup by a service on behalf of a person, that person's address.
         */
        @WithDefault("10")
        int maxFailuresPerSubject();

        /** Unknown-code failures per code prefix, whoever makes them: slows spreading guesses over many logins. */
        @WithDefault("50")
        int maxFailuresPerCodePrefix();

        /** How many characters of the normalized code make its prefix. */
        @WithDefault("4")
        int codePrefixLength();

        /**
         * Unknown-code failures per client address. Off by default: behind the portal's backend, a proxy or a
         * port-forward every redeemer has the same address, and a few self-registered logins would block everybody.
         */
        @WithDefault("0")
        int maxFailuresPerClientIp();

        /** How often counts whose window and block have passed are deleted. */
        @WithDefault("5m")
        Duration pruneInterval();
    }

    interface Lists {

        /** The deepest a list may be paged: {@code page × size} at most this (deep offsets make PostgreSQL read and skip every row before). */
        @WithDefault("10000")
        int maxOffset();
    }

    /**
     * The job that publishes {@code InvitationExpired} once per expiry. Every replica runs it; each claims its rows with
     * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work and never announce an expiry twice.
     */
    interface Expiry {

        /** How often the job looks for expiries that passed (the {@code @Scheduled} expression repeats this default). */
        @WithDefault("30s")
        Duration interval();

        /** Invitations claimed, announced and marked per transaction; a run goes on batch after batch until none is left. */
        @WithDefault("500")
        int batchSize();
    }

    /** The job that re-sends invitations to invited contacts who have not redeemed, as each invitation's reminders say. */
    interface Reminders {

        /** How often the job looks for reminders that are due (the {@code @Scheduled} expression repeats this default). */
        @WithDefault("5m")
        Duration interval();

        /** Invited contacts reminded per transaction; a run goes on batch after batch until none is due. */
        @WithDefault("1000")
        int batchSize();
    }

    /** How long the first answer to a request with an Idempotency-Key is replayed to retries with that key. */
    interface Idempotency {

        /** After this, the key is forgotten: a request with it is carried out as a new one. */
        @WithDefault("24h")
        Duration retention();

        /** How often the keys whose retention has passed are deleted. */
        @WithDefault("10m")
        Duration pruneInterval();
    }
}
