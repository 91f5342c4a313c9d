package dev.invitations.contract;

/**
 * Kafka topic names. Every event is keyed by invitation id, except {@link #CONTACT_ACCESS_GRANTED} and
 * {@link #CONTACT_ERASED} (contact id) and {@link #COMMAND_RESULTS} (the command's {@code ce_id}).
 */
public final class Topics {
    public static final String INVITATION_SENT = "invitations.sent";
    public static final String INVITATION_REDEEMED = "invitations.redeemed";
    public static final String INVITATION_EMAIL_DELIVERED = "invitations.email-delivered";
    public static final String INVITATION_EMAIL_FAILED = "invitations.email-failed";
    public static final String CONTACT_ACCESS_GRANTED = "contacts.access-granted";
    public static final String INVITATION_CREATED = "invitations.created";
    public static final String INVITATION_REVOKED = "invitations.revoked";
    public static final String INVITATION_EXTENDED = "invitations.extended";
    public static final String INVITATION_EXPIRED = "invitations.expired";
    public static final String CONTACT_ERASED = "contacts.erased";
    /** What operators write to ask invitation-service for something, as CloudEvents whose {@code ce_id} is the idempotency key. */
    public static final String COMMANDS = "invitations.commands";
    /** invitation-service's answer to each command, keyed by the command's {@code ce_id}. */
    public static final String COMMAND_RESULTS = "invitations.command-results";

    /** Each consuming service has its own dead-letter topic so that an operator knows who gave up on a record. */
    public static String deadLetter(String consumingService) {
        return "dead-letter." + consumingService;
    }

    private Topics() {
    }
}
