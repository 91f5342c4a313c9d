package dev.invitations.portalweb.redeem;

import java.util.List;

/** The result page: what the contact has now, or that it is still being applied. */
public record RedeemedView(String invitationName, String accountName, List<String> webRoleNames, boolean applied) {
}
