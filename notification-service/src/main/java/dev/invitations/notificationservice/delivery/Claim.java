package dev.invitations.notificationservice.delivery;

/** What receiving one InvitationSent decided, in the transaction that recorded the event as handled. */
record Claim(Kind kind, Dispatch dispatch, String failure) {

    enum Kind {
        /** Handled before: nothing to do. */
        DUPLICATE,
        /** The recipient was erased before the event arrived: nothing is stored or sent. */
        RECIPIENT_ERASED,
        /** Kept until its template is activated. */
        HELD,
        /** To send now. */
        SEND,
        /** Cannot be sent at all; the delivery is already FAILED. */
        FAILED
    }

    static final Claim DUPLICATE = new Claim(Kind.DUPLICATE, null, null);
    static final Claim HELD = new Claim(Kind.HELD, null, null);
    static final Claim RECIPIENT_ERASED = new Claim(Kind.RECIPIENT_ERASED, null, null);

    static Claim send(Dispatch dispatch) {
        return new Claim(Kind.SEND, dispatch, null);
    }

    static Claim failed(String failure) {
        return new Claim(Kind.FAILED, null, failure);
    }
}
