package dev.invitations.portalweb.console.invitation;

import dev.invitations.portalweb.backend.Invitation;
import java.util.List;

/**
 * An invitation as its detail page shows it: with the names of the inviter, account and web roles it refers to by id,
 * and its Invite Redemption Activities (the first page of {@code activityTotal}).
 */
public record InvitationView(Invitation invitation, String inviterName, String accountName, List<String> webRoleNames,
                             List<ActivityRow> activities, long activityTotal) {
}
