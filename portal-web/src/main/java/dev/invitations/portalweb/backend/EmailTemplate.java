package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An email template as notification-service answers it: its state, its current version's text and how many emails wait
 * for its activation.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailTemplate(String key, boolean active, int version, String subject, String htmlBody, String textBody, String from,
                            String redemptionPageUrl, Instant updatedAt, long heldEmails) {

    /** One saved text of the template, newest first in its history; {@code current} is the one emails use. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(int version, boolean current, String subject, String htmlBody, String textBody, String from,
                          String redemptionPageUrl, Instant createdAt) {
    }

    /** The body of {@code PUT /templates/{key}}; a blank optional field is absent (the service's default applies). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Draft(String subject, String htmlBody, String textBody, String from, String redemptionPageUrl) {
    }

    /** notification-service's rendering of the current version with sample values; nothing is sent. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preview(int templateVersion, String from, String replyTo, String to, String subject, String html, String text,
                          String redemptionUrl) {
    }

    /** The answer to an activation: the template, and how many held emails it released. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Activation(EmailTemplate template, int releasedDeliveries) {
    }
}
