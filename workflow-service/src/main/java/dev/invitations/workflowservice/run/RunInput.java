package dev.invitations.workflowservice.run;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import java.util.List;
import java.util.UUID;

/**
 * The document a workflow receives as its input: the redeeming contact first, as the seed's "the workflow will be
 * passed the redeeming contact as the primary entity", then what the invitation granted. {@code runId} stays the same
 * across retries, so an endpoint the workflow calls can use it to recognise a repeated call.
 */
public record RunInput(UUID runId, Contact contact, Invitation invitation, UUID accountId, List<UUID> webRoleIds) {

    public record Contact(UUID id, String fullName, String emailAddress) {
    }

    public record Invitation(UUID id, String name, InvitationType type) {
    }

    static RunInput of(UUID runId, InvitationRedeemed event) {
        InvitationRedeemed.RedeemingContact contact = event.contact();
        return new RunInput(runId,
                new Contact(contact.id(), contact.fullName(), contact.email()),
                new Invitation(event.invitationId(), event.invitationName(), event.type()),
                event.accountId(),
                event.webRoleIds() == null ? List.of() : event.webRoleIds());
    }
}
