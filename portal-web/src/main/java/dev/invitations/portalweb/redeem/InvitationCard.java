package dev.invitations.portalweb.redeem;

import dev.invitations.portalweb.Languages;
import dev.invitations.portalweb.backend.InvitationPreview;
import java.util.List;

/** The invitation as the page shows it, with the expiry written for the page's language. */
public record InvitationCard(String name, boolean group, String ownerName, String inviterName, String expires,
                             String accountName, List<String> webRoleNames, boolean runsWorkflow, int redemptionsLeft) {

    static InvitationCard of(InvitationPreview preview, Languages languages, String language) {
        return new InvitationCard(preview.name(), "GROUP".equals(preview.type()), preview.ownerName(), preview.inviterName(),
                preview.expiresAt() == null ? null : languages.dateTime(preview.expiresAt(), language),
                preview.accountName(), preview.webRoleNames(), preview.runsWorkflow(), preview.redemptionsLeft());
    }

    public boolean grantsNothingNamed() {
        return accountName == null && webRoleNames.isEmpty();
    }
}
