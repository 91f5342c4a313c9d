package dev.invitations.invitationservice.redemption;

import dev.invitations.commons.problem.Problem;
import dev.invitations.invitationservice.RetryLater;
import dev.invitations.invitationservice.contact.Contact;
import dev.invitations.invitationservice.invitation.Invitation;
import dev.invitations.invitationservice.owner.OwnedRecord;
import dev.invitations.invitationservice.owner.OwnerRecords;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Shows what a code opens, and changes nothing: a lookup counts, links and announces nothing. A revoked, expired or
 * used-up invitation is shown with its status (the page explains it); only an unknown code is refused. The account's
 * and web roles' names are asked of redemption-service, which owns them; when it cannot answer, the lookup fails with
 * 503 rather than show an invitation without what it grants.
 */
@ApplicationScoped
public class InvitationLookup {

    // The owner lookups' circuit breaker waits this long before it lets a call through to a failing owner again.
    private static final long RETRY_AFTER_SECONDS = 10;

    private final InvitationByCode invitations;
    private final OwnerRecords owners;

    public InvitationLookup(InvitationByCode invitations, OwnerRecords owners) {
        this.invitations = invitations;
        this.owners = owners;
    }

    public Uni<InvitationPreview> preview(String typedCode) {
        Instant now = Instant.now();
        // The session ends before redemption-service is asked: no database connection waits on another service.
        return Panache.withSession(() -> invitations.find(typedCode)
                        .flatMap(invitation -> inviterName(invitation).map(inviter -> new Stored(invitation, inviter))))
                .flatMap(stored -> grantNames(stored.invitation())
                        .map(grants -> preview(stored.invitation(), stored.inviterName(), grants, now)));
    }

    private static Uni<String> inviterName(Invitation invitation) {
        if (invitation.inviterContactId == null) {
            return Uni.createFrom().nullItem();
        }
        return Contact.<Contact>findById(invitation.inviterContactId).map(inviter -> inviter == null ? null : inviter.fullName);
    }

    /** The account first, then each web role in the invitation's order; a record its owner no longer has is absent. */
    private Uni<Grants> grantNames(Invitation invitation) {
        List<Uni<Optional<OwnedRecord>>> lookups = new ArrayList<>();
        lookups.add(invitation.assignToAccountId == null ? Uni.createFrom().item(Optional.empty())
                : owners.account(invitation.assignToAccountId));
        for (UUID webRoleId : invitation.webRoleIds) {
            lookups.add(owners.webRole(webRoleId));
        }
        return Uni.join().all(lookups).andFailFast()
                .onFailure().transform(e -> {
                    Log.warnf("Cannot name the grants of invitation %s at redemption-service: %s", invitation.id, e.toString());
                    return new RetryLater(Problem.typeFor(Status.SERVICE_UNAVAILABLE), Status.SERVICE_UNAVAILABLE, "redemption-service, which names the "
                            + "account and web roles this invitation grants, cannot be reached; retry shortly",
                            RETRY_AFTER_SECONDS);
                })
                .map(records -> new Grants(records.get(0).map(OwnedRecord::name).orElse(null),
                        records.subList(1, records.size()).stream().flatMap(Optional::stream).map(OwnedRecord::name).toList()));
    }

    private static InvitationPreview preview(Invitation invitation, String inviterName, Grants grants, Instant now) {
        return new InvitationPreview(invitation.name, invitation.type, Redeemability.of(invitation, now), invitation.expiresAt,
                invitation.ownerName, inviterName, grants.accountName(), grants.webRoleNames(), invitation.workflowId != null,
                Math.max(0, invitation.maxRedemptions - invitation.redemptionCount),
                invitation.allowedEmailDomains == null ? null : List.of(invitation.allowedEmailDomains));
    }

    private record Stored(Invitation invitation, String inviterName) {
    }

    private record Grants(String accountName, List<String> webRoleNames) {
    }
}
