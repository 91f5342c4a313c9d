package dev.invitations.portalweb.redeem;

import java.util.List;
import java.util.UUID;

/**
 * What the result page needs after a redemption, sealed in a cookie between the POST and the page it redirects to:
 * who redeemed (the page shows it to that login only), as which contact, and what the invitation grants, so that the
 * page can tell whether redemption-service has applied it yet.
 */
record Redemption(String subject, UUID contactId, String invitationName, String accountName, List<String> webRoleNames) {

    Redemption {
        webRoleNames = webRoleNames == null ? List.of() : List.copyOf(webRoleNames);
    }
}
