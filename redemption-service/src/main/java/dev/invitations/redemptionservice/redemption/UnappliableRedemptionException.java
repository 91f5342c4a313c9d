package dev.invitations.redemptionservice.redemption;

import dev.invitations.contract.InvitationRedeemed;

/** A well-formed redemption the database refused every time; its record goes to the dead-letter topic with this reason. */
class UnappliableRedemptionException extends RuntimeException {

    UnappliableRedemptionException(InvitationRedeemed event, int attempts, Throwable cause) {
        super("Redemption event " + event.eventId() + " of invitation " + event.invitationId() + " could not be applied in "
                + attempts + " attempts: " + cause, cause);
    }
}
