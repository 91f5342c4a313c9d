package dev.invitations.invitationservice.redemption;

import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_NOT_FOUND;

import dev.invitations.invitationservice.invitation.CodeSecrets;
import dev.invitations.invitationservice.invitation.Invitation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The invitation a code opens, as a person may have typed it: where a lookup and a redemption both start. */
@ApplicationScoped
class InvitationByCode {

    private final CodeSecrets secrets;

    InvitationByCode(CodeSecrets secrets) {
        this.secrets = secrets;
    }

    /** Runs in the caller's session; fails with invitation-not-found (404) when no invitation has the code. */
    Uni<Invitation> find(String typedCode) {
        return Invitation.<Invitation>find("codeHash", (Object) secrets.lookupHash(typedCode)).<Invitation>firstResult()
                .onItem().ifNull().failWith(() -> INVITATION_NOT_FOUND.refusal("No invitation has this code; check that it "
                        + "was copied whole"));
    }
}
