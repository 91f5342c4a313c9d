package dev.invitations.invitationservice.sending;

import dev.invitations.commons.problem.ProblemException;
import dev.invitations.invitationservice.RetryLater;
import jakarta.ws.rs.core.Response.Status;
import java.time.Duration;
import java.util.UUID;

/**
 * Why an invitation was not sent: the reason a bulk send reports, and the problem a single send answers with.
 * {@code retryAfterSeconds} is set only for a 429 (sent too recently).
 */
record SendRefusal(UUID invitationId, Status status, String reason, long retryAfterSeconds) {

    SendRefusal(UUID invitationId, Status status, String reason) {
        this(invitationId, status, reason, 0);
    }

    static SendRefusal notFound(UUID id) {
        return new SendRefusal(id, Status.NOT_FOUND, "no invitation with this id");
    }

    static SendRefusal revoked(UUID id) {
        return new SendRefusal(id, Status.GONE, "the invitation was revoked and can no longer be sent");
    }

    static SendRefusal expired(UUID id) {
        return new SendRefusal(id, Status.GONE, "the invitation has expired; create a new one to invite again");
    }

    static SendRefusal fullyRedeemed(UUID id, int maxRedemptions) {
        return new SendRefusal(id, Status.CONFLICT, "the invitation is fully redeemed (" + maxRedemptions + " of "
                + maxRedemptions + "); nobody could redeem it any more");
    }

    static SendRefusal everyInviteeRedeemed(UUID id) {
        return new SendRefusal(id, Status.CONFLICT, "every invited contact has already redeemed the invitation");
    }

    static SendRefusal noPrimaryEmail(UUID id, UUID contactId) {
        return new SendRefusal(id, Status.CONFLICT, "invited contact " + contactId
                + " has no primary email address (emailAddress1); add one, then send again");
    }

    static SendRefusal notProcessed(UUID id) {
        return new SendRefusal(id, Status.SERVICE_UNAVAILABLE, "not sent: storing the send failed; send this invitation again");
    }

    static SendRefusal sentTooRecently(UUID id, Duration cooldown, long retryAfterSeconds) {
        return new SendRefusal(id, Status.TOO_MANY_REQUESTS, "the invitation was sent less than " + cooldown.toSeconds()
                + " seconds ago; send it again in " + retryAfterSeconds + " seconds", Math.max(1, retryAfterSeconds));
    }

    ProblemException problem() {
        String detail = "Invitation " + invitationId + " was not sent: " + reason;
        return status == Status.TOO_MANY_REQUESTS ? new RetryLater(detail, retryAfterSeconds) : new ProblemException(status, detail);
    }
}
