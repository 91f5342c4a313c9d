package dev.invitations.notificationservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** notification-service's own settings. SMTP retry and timeout are Fault Tolerance settings of {@code MailGateway/send}. */
@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

    /** The portal's Invite Redemption Page, used when a template does not name its own. */
    @WithDefault("http://localhost:8080/portal/redeem")
    URI redemptionPageUrl();

    /** The template an InvitationSent without a template key is rendered with. */
    @WithDefault("send-invitation")
    String defaultTemplateKey();

    /** Sender of last resort, for an invitation without owner address whose template has no {@code from} either. */
    @WithDefault("no-reply@portal.invalid")
    String defaultFrom();

    Delivery delivery();

    Codes codes();

    /** The invitation code travels encrypted on each InvitationSent; this service decrypts it only to render the email. */
    interface Codes {

        /**
         * AES-256-GCM key the codes are encrypted with: 32 random bytes, base64, the same key as invitation-service's
         * ({@code PORTAL_CODES_ENCRYPTION_KEY}, a Secret in deployments). Read at start-up: the service does not start
         * without a well-formed one.
         */
        String encryptionKey();
    }

    interface Delivery {

        /** Emails of one consumed batch handed to SMTP at once; keep it at or above quarkus.mailer.max-pool-size. */
        @WithDefault("32")
        int sendConcurrency();

        /**
         * How long a claimed delivery may stay unfinished before it is presumed abandoned by a dead process and sent
         * by the dispatcher. Must exceed the longest SMTP retry sequence, or a slow but live send gets a twin.
         */
        @WithDefault("5m")
        Duration lease();

        /** Tick of the dispatcher that sends released (formerly held) and abandoned deliveries. */
        @WithDefault("1s")
        Duration dispatchInterval();

        /** Deliveries one dispatcher run claims; a full batch makes it go on at once. */
        @WithDefault("200")
        int dispatchBatchSize();
    }
}
