package dev.invitations.notificationservice.delivery;

/** Why an InvitationSent went to the dead-letter topic although it was readable: its email could not be delivered. */
class UndeliverableEmailException extends RuntimeException {

    UndeliverableEmailException(String reason) {
        super(reason, null, false, false);
    }
}
