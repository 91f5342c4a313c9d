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

    /**
     * How claimed emails are sent and their outcomes recorded. The window a {@code kill -9} leaves, with the defaults:
     * <ul>
     * <li><b>Sent twice at most</b>: {@code send-concurrency + record-group-size} = 64 emails per sending pipeline (the
     * consumer's batch, and the dispatcher's when it has due deliveries). A send whose outcome is not yet committed
     * keeps its place in the pipeline, so no more than {@code send-concurrency} emails are on their way to SMTP and no
     * more than {@code record-group-size} accepted ones wait for their commit; only those can be re-sent after a kill.</li>
     * <li><b>The rest</b> of the killed process's claims (one poll at most) are taken over by the dispatcher of any
     * live instance (the restarted one included) at most {@code lease} after the process's last heartbeat, so within
     * {@code lease + dispatch-interval} (21 s) of the kill, then mailed at the usual rate. Invitations not yet claimed
     * wait on the topic, uncommitted, for the restarted consumer.</li>
     * </ul>
     */
    interface Delivery {

        /** Emails handed to SMTP at once by one pipeline; keep it at or above quarkus.mailer.max-pool-size. */
        @WithDefault("32")
        int sendConcurrency();

        /**
         * Outcomes recorded in one transaction at most. Together with {@code send-concurrency} it bounds the emails a
         * {@code kill -9} can have sent without recording them (see above): the sending waits while a full group is
         * being committed.
         */
        @WithDefault("32")
        int recordGroupSize();

        /** How long the first outcome of a group waits for others before the group is recorded anyway. */
        @WithDefault("200ms")
        Duration recordInterval();

        /**
         * How long a claim of a delivery for sending holds without being renewed. The process that claimed it renews it
         * every {@code heartbeat-interval} while it still sends it, however long SMTP takes; once a process dies, its
         * claims run out and any instance's dispatcher sends those deliveries. The start is refused unless it exceeds
         * {@code heartbeat-interval}; a few heartbeats per lease let a late one go by.
         */
        @WithDefault("20s")
        Duration lease();

        /** How often a process renews the leases of the deliveries it is sending. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** Tick of the dispatcher that sends released (formerly held) and abandoned deliveries. */
        @WithDefault("1s")
        Duration dispatchInterval();

        /** Deliveries one dispatcher run claims; a full batch makes it go on at once. */
        @WithDefault("200")
        int dispatchBatchSize();
    }
}
