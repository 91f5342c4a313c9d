package dev.invitations.notificationservice.delivery;

import java.time.Instant;

/** What became of one send: accepted by SMTP ({@code error} absent), or given up with the reason. */
record SendOutcome(Dispatch dispatch, int attempts, String error, Instant at) {

    static SendOutcome sent(Dispatch dispatch, int attempts) {
        return new SendOutcome(dispatch, attempts, null, Instant.now());
    }

    static SendOutcome failed(Dispatch dispatch, int attempts, String error) {
        return new SendOutcome(dispatch, attempts, error, Instant.now());
    }

    boolean sent() {
        return error == null;
    }
}
