package dev.invitations.portalweb.redeem;

import dev.invitations.portalweb.PageMessages;
import dev.invitations.portalweb.backend.BackendRefusal;
import dev.invitations.portalweb.backend.InvitationPreview;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every reason the page cannot go on, with the HTTP status the page answers and whether the code stays in the browser
 * (it does when the person can fix things without a new code: sign in as someone else, verify an email, wait).
 * {@code problemType} is the slug of invitation-service's problem type that means it.
 */
enum Refusal {
    UNKNOWN_CODE(404, "invitation-not-found", false),
    REVOKED(410, "invitation-revoked", false),
    EXPIRED(410, "invitation-expired", false),
    ALREADY_USED(409, "invitation-redeemed", false),
    MAXIMUM_REACHED(409, "invitation-maximum-reached", false),
    ALREADY_REDEEMED_BY_YOU(409, "already-redeemed-by-you", false),
    FOR_ANOTHER_PERSON(403, "invitation-for-another-person", true),
    EMAIL_DOES_NOT_MATCH(403, "email-does-not-match", true),
    EMAIL_NOT_VERIFIED(403, "email-not-verified", true),
    EMAIL_DOMAIN_NOT_ALLOWED(403, "email-domain-not-allowed", true),
    LOGIN_LINKED_ELSEWHERE(409, "login-linked-to-another-contact", true),
    TOO_MANY_ATTEMPTS(429, "too-many-attempts", true),
    NOT_A_PORTAL_USER(403, null, true),
    UNAVAILABLE(503, null, true);

    final int status;
    private final String problemType;
    final boolean keepsCode;

    Refusal(int status, String problemType, boolean keepsCode) {
        this.status = status;
        this.problemType = problemType;
        this.keepsCode = keepsCode;
    }

    /** What a service's refusal means to the person; anything unforeseen is "try again later", never a stack trace. */
    static Refusal of(BackendRefusal refusal) {
        return Arrays.stream(values()).filter(value -> value.problemType != null && value.problemType.equals(refusal.type()))
                .findFirst()
                .orElse(refusal.status() == 404 ? UNKNOWN_CODE : refusal.status() == 429 ? TOO_MANY_ATTEMPTS : UNAVAILABLE);
    }

    /** Why a looked-up invitation cannot be accepted, or empty when it can. */
    static Optional<Refusal> of(InvitationPreview.Status status) {
        return Optional.ofNullable(switch (status) {
            case REDEEMABLE -> null;
            case REVOKED -> REVOKED;
            case EXPIRED -> EXPIRED;
            case REDEEMED -> ALREADY_USED;
            case MAXIMUM_REACHED -> MAXIMUM_REACHED;
        });
    }

    /**
     * @param who        the signed-in person's email or name, for the refusals about who is signed in
     * @param expiry     the invitation's expiry, formatted for the page's language, for {@link #EXPIRED}
     * @param retryAfter seconds to wait, for {@link #TOO_MANY_ATTEMPTS}
     * @param allowedDomains the invitation's email domains, listed, for {@link #EMAIL_DOMAIN_NOT_ALLOWED}
     */
    RefusalView view(PageMessages messages, String who, String expiry, long retryAfter, String allowedDomains) {
        return switch (this) {
            case UNKNOWN_CODE -> new RefusalView(this, messages.refusal_unknown_code_title(), messages.refusal_unknown_code_text());
            case REVOKED -> new RefusalView(this, messages.refusal_revoked_title(), messages.refusal_revoked_text());
            case EXPIRED -> new RefusalView(this, messages.refusal_expired_title(), messages.refusal_expired_text(expiry));
            case ALREADY_USED -> new RefusalView(this, messages.refusal_already_used_title(), messages.refusal_already_used_text());
            case MAXIMUM_REACHED -> new RefusalView(this, messages.refusal_maximum_reached_title(), messages.refusal_maximum_reached_text());
            case ALREADY_REDEEMED_BY_YOU -> new RefusalView(this, messages.refusal_already_redeemed_by_you_title(),
                    messages.refusal_already_redeemed_by_you_text());
            case FOR_ANOTHER_PERSON -> new RefusalView(this, messages.refusal_for_another_person_title(),
                    messages.refusal_for_another_person_text(who));
            case EMAIL_DOES_NOT_MATCH -> new RefusalView(this, messages.refusal_email_does_not_match_title(),
                    messages.refusal_email_does_not_match_text(who));
            case EMAIL_NOT_VERIFIED -> new RefusalView(this, messages.refusal_email_not_verified_title(),
                    messages.refusal_email_not_verified_text(who));
            case EMAIL_DOMAIN_NOT_ALLOWED -> new RefusalView(this, messages.refusal_email_domain_not_allowed_title(),
                    messages.refusal_email_domain_not_allowed_text(who, allowedDomains));
            case LOGIN_LINKED_ELSEWHERE -> new RefusalView(this, messages.refusal_login_linked_elsewhere_title(),
                    messages.refusal_login_linked_elsewhere_text(who));
            case TOO_MANY_ATTEMPTS -> new RefusalView(this, messages.refusal_too_many_attempts_title(),
                    messages.refusal_too_many_attempts_text(Math.max(1, (retryAfter + 59) / 60)));
            case NOT_A_PORTAL_USER -> new RefusalView(this, messages.refusal_not_a_portal_user_title(),
                    messages.refusal_not_a_portal_user_text());
            case UNAVAILABLE -> new RefusalView(this, messages.refusal_unavailable_title(), messages.refusal_unavailable_text());
        };
    }

    /** What the refusal page shows; {@code reason} also names it for tests and screen readers' landmarks. */
    record RefusalView(Refusal reason, String title, String text) {

        public String id() {
            return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Whether signing in as someone else could help. */
        public boolean offersSignOut() {
            return reason == FOR_ANOTHER_PERSON || reason == EMAIL_DOES_NOT_MATCH || reason == EMAIL_NOT_VERIFIED
                    || reason == EMAIL_DOMAIN_NOT_ALLOWED || reason == LOGIN_LINKED_ELSEWHERE || reason == NOT_A_PORTAL_USER;
        }

        /** Whether another code could help. */
        public boolean offersCodeForm() {
            return !offersSignOut() && reason != TOO_MANY_ATTEMPTS && reason != UNAVAILABLE
                    && reason != ALREADY_REDEEMED_BY_YOU;
        }
    }
}
