package dev.invitations.portalweb.redeem;

import dev.invitations.portalweb.Languages;
import dev.invitations.portalweb.backend.InvitationPreview;
import java.util.List;

/** The invitation as the page shows it, with the expiry written for the page's language. */
public record InvitationCard(String name, boolean group, String ownerName, String inviterName, String expires,
                             String accountName, List<String> webRoleNames, boolean runsWorkflow, int redemptionsLeft,
                             List<String> allowedEmailDomains) {

    static InvitationCard of(InvitationPreview preview, Languages languages, String language) {
        return new InvitationCard(preview.name(), "GROUP".equals(preview.type()), preview.ownerName(), preview.inviterName(),
                preview.expiresAt() == null ? null : languages.dateTime(preview.expiresAt(), language),
                preview.accountName(), preview.webRoleNames(), preview.runsWorkflow(), preview.redemptionsLeft(),
                preview.allowedEmailDomains());
    }

    /** The allowed email domains as one phrase; empty when any domain may accept. */
    public String allowedEmailDomainsListed() {
        return String.join(", ", allowedEmailDomains);
    }

    public boolean grantsNothingNamed() {
        return accountName == null && webRoleNames.isEmpty();
    }
}
