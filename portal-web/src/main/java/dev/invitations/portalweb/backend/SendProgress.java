package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How far the emails of a send got: created so far ({@code total}), waiting for an inactive template ({@code held}),
 * being sent ({@code sending}), accepted by the mail server ({@code sent}) or given up ({@code failed}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendProgress(long total, long held, long sending, long sent, long failed) {

    /** Sent or failed: nothing more will happen to them. */
    public long finished() {
        return sent + failed;
    }
}
