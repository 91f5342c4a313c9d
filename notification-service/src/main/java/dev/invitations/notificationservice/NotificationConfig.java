package dev.invitations.notificationservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;

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

    Templates templates();

    Links links();

    Senders senders();

    /**
     * The sandbox stored templates render in: their own Qute engine that knows only the email's model, with these limits
     * on every rendering of one part (subject, HTML or text).
     */
    interface Templates {

        /** Loop iterations of one rendering, all loops together (a loop inside a loop counts every inner turn). */
        @WithDefault("1000")
        int maxLoopIterations();

        /** Characters one rendered part may have. */
        @WithDefault("1000000")
        int maxOutputChars();

        /** Time one rendered part may take; checked at every value and loop turn, so a runaway template stops. */
        @WithDefault("2s")
        Duration renderTimeout();
    }

    /** Where the link of an email (it carries the invitation code) may point. */
    interface Links {

        /**
         * Origins a template's {@code redemptionPageUrl} may use: {@code https://host}, {@code https://host:port}, or
         * {@code https://*.domain} for any host under the domain; {@code http://} entries only for localhost and
         * 127.0.0.1. The origin of {@code notification.redemption-page-url} is always allowed.
         */
        @WithDefault("http://localhost:8080,https://portal.example,https://*.portal.example")
        List<String> allowedOrigins();

        /** Whether http (not https) links to localhost or 127.0.0.1 are allowed: the local run's portal page. */
        @WithDefault("true")
        boolean allowHttpLoopback();
    }

    /** Which addresses an email may be sent from. */
    interface Senders {

        /**
         * Domains a template's {@code from} and an invitation owner's address may have ({@code portal.example}, or
         * {@code *.portal.example} for its subdomains). The domain of {@code notification.default-from} is always
         * allowed. An owner outside them goes into Reply-To, and the email comes from {@code notification.default-from}.
         */
        @WithDefault("portal.example")
        List<String> allowedDomains();
    }

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
