package dev.invitations.contract;

/** Kafka topic names. Every event is keyed by invitation id, except {@link #CONTACT_ACCESS_GRANTED} (contact id). */
public final class Topics {
    public static final String INVITATION_SENT = "invitations.sent";
    public static final String INVITATION_REDEEMED = "invitations.redeemed";
    public static final String INVITATION_EMAIL_DELIVERED = "invitations.email-delivered";
    public static final String INVITATION_EMAIL_FAILED = "invitations.email-failed";
    public static final String CONTACT_ACCESS_GRANTED = "contacts.access-granted";

    /** Each consuming service has its own dead-letter topic so that an operator knows who gave up on a record. */
    public static String deadLetter(String consumingService) {
        return "dead-letter." + consumingService;
    }

    private Topics() {
    }
}
