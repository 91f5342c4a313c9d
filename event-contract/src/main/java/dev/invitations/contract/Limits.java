package dev.invitations.contract;

/**
 * Lengths the events' text fields keep to: those of the columns the consumers store them in, so that a record that
 * passes the contract's constraints never fails later on a database write (which would be retried, not dead-lettered).
 */
final class Limits {
    /** An address as notification-service's deliveries table holds it (RFC 5321's 64 + 1 + 255). */
    static final int EMAIL = 320;
    /** Invitation, contact and owner names, as invitation-service and redemption-service store them. */
    static final int NAME = 200;
    static final int TEMPLATE_KEY = 100;
    /**
     * A code of up to 200 characters, encrypted (nonce and tag add 28 bytes) and base64-encoded. Whether it decrypts is
     * known only where the email is rendered, the one place the code is decrypted.
     */
    static final int ENCRYPTED_CODE = 400;
    /** A BCP 47 language tag, as invitation-service's contact table holds it. */
    static final int LOCALE = 35;
    /** invitation-service's workflow_id column; workflow-service's own ids are shorter and it checks that itself. */
    static final int WORKFLOW_ID = 200;

    private Limits() {
    }
}
