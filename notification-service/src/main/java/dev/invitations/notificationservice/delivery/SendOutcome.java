package dev.invitations.notificationservice.delivery;

import java.time.Instant;

/**
 * What became of one send: accepted by SMTP ({@code error} absent), or given up with the reason; {@code traceparent} is
 * the trace its outcome event continues: the SMTP span's once there was one, else the dispatch's.
 */
record SendOutcome(Dispatch dispatch, int attempts, String error, Instant at, String traceparent) {

    static SendOutcome sent(Dispatch dispatch, int attempts) {
        return new SendOutcome(dispatch, attempts, null, Instant.now(), dispatch.traceparent());
    }

    static SendOutcome failed(Dispatch dispatch, int attempts, String error) {
        return new SendOutcome(dispatch, attempts, error, Instant.now(), dispatch.traceparent());
    }

    SendOutcome continuing(String trace) {
        return new SendOutcome(dispatch, attempts, error, at, trace);
    }

    boolean sent() {
        return error == null;
    }
}
