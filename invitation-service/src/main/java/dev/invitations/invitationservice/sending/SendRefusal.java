package dev.invitations.invitationservice.sending;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.invitationservice.RetryLater;
import jakarta.ws.rs.core.Response.Status;
import java.time.Duration;
import java.util.UUID;

/**
 * Why an invitation was not sent: the reason a bulk send reports, and the problem a single send answers with, typed
 * by its kind ({@code type}: the slugs in docs/services/invitation-service.md) so that a client can tell "expired,
 * extend it" from "fully redeemed". {@code retryAfterSeconds} is set only for a 429 (sent too recently).
 */
record SendRefusal(UUID invitationId, Status status, String type, String reason, long retryAfterSeconds) {

    SendRefusal(UUID invitationId, Status status, String slug, String reason) {
        this(invitationId, status, Problem.typeOf(slug), reason, 0);
    }

    static SendRefusal notFound(UUID id) {
        return new SendRefusal(id, Status.NOT_FOUND, Problem.typeFor(Status.NOT_FOUND), "no invitation with this id", 0);
    }

    static SendRefusal revoked(UUID id) {
        return new SendRefusal(id, Status.GONE, "invitation-revoked", "the invitation was revoked and can no longer be sent");
    }

    static SendRefusal expired(UUID id) {
        return new SendRefusal(id, Status.GONE, "invitation-expired",
                "the invitation has expired; extend it (PUT /invitations/" + id + "/expiry) to send it again");
    }

    static SendRefusal fullyRedeemed(UUID id, int maxRedemptions) {
        return new SendRefusal(id, Status.CONFLICT, "invitation-fully-redeemed", "the invitation is fully redeemed ("
                + maxRedemptions + " of " + maxRedemptions + "); nobody could redeem it any more");
    }

    static SendRefusal everyInviteeRedeemed(UUID id) {
        return new SendRefusal(id, Status.CONFLICT, "every-invitee-redeemed", "every invited contact has already redeemed the invitation");
    }

    static SendRefusal noPrimaryEmail(UUID id, UUID contactId) {
        return new SendRefusal(id, Status.CONFLICT, "invitee-without-primary-email", "invited contact " + contactId
                + " has no primary email address (emailAddress1); add one, then send again");
    }

    static SendRefusal notProcessed(UUID id) {
        return new SendRefusal(id, Status.SERVICE_UNAVAILABLE, Problem.typeFor(Status.SERVICE_UNAVAILABLE),
                "not sent: storing the send failed; send this invitation again", 0);
    }

    static SendRefusal sentTooRecently(UUID id, Duration cooldown, long retryAfterSeconds) {
        return new SendRefusal(id, Status.TOO_MANY_REQUESTS, Problem.typeOf("sent-too-recently"), "the invitation was sent less than "
                + cooldown.toSeconds() + " seconds ago; send it again in " + retryAfterSeconds + " seconds", Math.max(1, retryAfterSeconds));
    }

    ProblemException problem() {
        String detail = "Invitation " + invitationId + " was not sent: " + reason;
        return status == Status.TOO_MANY_REQUESTS ? new RetryLater(type, status, detail, retryAfterSeconds)
                : new ProblemException(type, status, detail);
    }
}
