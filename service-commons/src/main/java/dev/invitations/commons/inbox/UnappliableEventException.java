package dev.invitations.commons.inbox;

/** A well-formed event the database refused every time; its record goes to the dead-letter topic with this reason. */
public class UnappliableEventException extends RuntimeException {

    public UnappliableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
