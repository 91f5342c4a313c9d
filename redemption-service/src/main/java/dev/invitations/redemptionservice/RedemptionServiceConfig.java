package dev.invitations.redemptionservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The redemption-service's own settings; Kafka, datasource and HTTP keys stay under their usual Quarkus prefixes. */
@ConfigMapping(prefix = "redemption")
public interface RedemptionServiceConfig {

    /** How hard the consumer tries before it gives up on a batch, and then on one event of it. */
    Apply apply();

    interface Apply {

        /**
         * Attempts at one transaction for a whole polled batch. A failure here is nearly always transient (a lock
         * conflict with another replica, a database restart), so the batch is retried as a whole first.
         */
        @WithDefault("5")
        int batchAttempts();

        /**
         * Attempts per event once a batch kept failing: the events are then applied one by one so that a single
         * event the database refuses goes to the dead-letter topic alone instead of taking its batch with it.
         */
        @WithDefault("3")
        int eventAttempts();

        /** First pause between attempts; it doubles (with jitter) up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }
}
