package dev.invitations.invitationservice.redemption;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.invitationservice.RetryLater;
import jakarta.ws.rs.core.Response.Status;

/**
 * Every reason a code cannot be redeemed or looked up, as the problem {@code type}
 * {@code urn:portal-invitations:problem:<slug>}. The Invite Redemption Page matches on these slugs to tell a person
 * exactly what is wrong, so they are a contract: never rename one (docs/architecture.md, "Errors", lists them).
 */
public enum RedemptionProblem {

    INVITATION_NOT_FOUND("invitation-not-found", Status.NOT_FOUND),
    INVITATION_REVOKED("invitation-revoked", Status.GONE),
    INVITATION_EXPIRED("invitation-expired", Status.GONE),
    /** A SINGLE invitation that was redeemed. */
    INVITATION_REDEEMED("invitation-redeemed", Status.CONFLICT),
    /** A GROUP invitation at its maximum of redemptions. */
    INVITATION_MAXIMUM_REACHED("invitation-maximum-reached", Status.CONFLICT),
    /** The redeeming contact has redeemed this invitation before. */
    ALREADY_REDEEMED_BY_YOU("already-redeemed-by-you", Status.CONFLICT),
    /** A SINGLE invitation, and the login is another contact's. */
    INVITATION_FOR_ANOTHER_PERSON("invitation-for-another-person", Status.FORBIDDEN),
    /** A SINGLE invitation, and the login's verified email is no contact's address: signed in with the wrong address. */
    EMAIL_DOES_NOT_MATCH("email-does-not-match", Status.FORBIDDEN),
    /** The login is linked to no contact and has no verified email to be matched by. */
    EMAIL_NOT_VERIFIED("email-not-verified", Status.FORBIDDEN),
    /** A GROUP invitation open only to some email domains, and the redeemer's verified address is at none of them. */
    EMAIL_DOMAIN_NOT_ALLOWED("email-domain-not-allowed", Status.FORBIDDEN),
    /** The login was linked to another contact while this redemption ran. */
    LOGIN_LINKED_TO_ANOTHER_CONTACT("login-linked-to-another-contact", Status.CONFLICT),
    /** The throttle of failed attempts (RedemptionThrottle); the answer carries Retry-After. */
    TOO_MANY_ATTEMPTS("too-many-attempts", Status.TOO_MANY_REQUESTS);

    private final String slug;
    private final Status status;

    RedemptionProblem(String slug, Status status) {
        this.slug = slug;
        this.status = status;
    }

    ProblemException refusal(String detail) {
        return new ProblemException(Problem.typeOf(slug), status, detail);
    }

    RetryLater refusal(String detail, long retryAfterSeconds) {
        return new RetryLater(Problem.typeOf(slug), status, detail, retryAfterSeconds);
    }
}
