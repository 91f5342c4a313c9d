package dev.invitations.portalclient;

import dev.invitations.localinfra.identity.IdentityProvider;
import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.localinfra.system.LocalSystem.Service;
import java.net.URI;
import java.util.Objects;

/**
 * Where the four services and the mailbox answer: all a portal, an operator or a test needs to drive the system.
 *
 * @param mailbox the HTTP inbox of the local SMTP server ({@code GET /api/messages?to=})
 * @param identity the realm whose tokens the services accept
 */
public record PortalEndpoints(URI invitationService, URI redemptionService, URI notificationService,
                              URI workflowService, URI mailbox, IdentityProvider identity) {

    public PortalEndpoints {
        Objects.requireNonNull(invitationService, "invitationService");
        Objects.requireNonNull(redemptionService, "redemptionService");
        Objects.requireNonNull(notificationService, "notificationService");
        Objects.requireNonNull(workflowService, "workflowService");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(identity, "identity");
    }

    public static PortalEndpoints of(LocalSystem system) {
        return new PortalEndpoints(
                system.service(Service.INVITATION).baseUrl(),
                system.service(Service.REDEMPTION).baseUrl(),
                system.service(Service.NOTIFICATION).baseUrl(),
                system.service(Service.WORKFLOW).baseUrl(),
                system.infrastructure().mailboxHttpUrl(),
                system.infrastructure().identityProvider().orElseThrow(() -> new IllegalStateException(
                        "The local system runs without an identity provider: every API needs a token")));
    }
}
