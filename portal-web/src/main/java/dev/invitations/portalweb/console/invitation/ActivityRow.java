package dev.invitations.portalweb.console.invitation;

import dev.invitations.portalweb.PageMessages;
import dev.invitations.portalweb.backend.Invitation;
import dev.invitations.portalweb.backend.RedemptionActivity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Invite Redemption Activity as the invitation's page lists it: who redeemed, when it was applied, and what became
 * of the account and each web role, in words.
 */
public record ActivityRow(UUID contactId, String contactName, boolean contactErased, Instant redeemedAt, Instant appliedAt,
                          String account, List<String> webRoles, boolean partial) {

    /**
     * @param redeemers the invitation's redeemed contacts by id (an activity's contact is one of them)
     * @param accountName the name of the account the invitation names, null when it no longer exists
     */
    static ActivityRow of(RedemptionActivity activity, Map<UUID, Invitation.RedeemedContact> redeemers, String accountName,
            PageMessages messages) {
        String account = activity.account() == null ? null
                : outcome(activity.account().outcome(), accountName == null ? activity.account().id().toString() : accountName, messages);
        List<String> webRoles = activity.webRoles().stream()
                .map(role -> outcome(role.outcome(), role.name() == null ? role.id().toString() : role.name(), messages)).toList();
        Invitation.RedeemedContact redeemer = redeemers.get(activity.contactId());
        boolean erased = redeemer != null && redeemer.erasedAt() != null;
        String name = redeemer == null ? activity.contactId().toString() : erased ? messages.contact_erased() : redeemer.fullName();
        return new ActivityRow(activity.contactId(), name, erased, activity.redeemedAt(), activity.appliedAt(), account, webRoles,
                activity.partial());
    }

    private static String outcome(String outcome, String name, PageMessages messages) {
        return switch (outcome) {
            case "ASSIGNED" -> messages.activity_assigned(name);
            case "SUPERSEDED" -> messages.activity_superseded(name);
            case "GRANTED" -> messages.activity_granted(name);
            case "ALREADY_HELD" -> messages.activity_already_held(name);
            case "NOT_FOUND" -> messages.activity_not_found(name);
            default -> name + ": " + outcome;
        };
    }
}
