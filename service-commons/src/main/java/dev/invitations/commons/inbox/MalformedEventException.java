package dev.invitations.commons.inbox;

/** An incoming record that can never be handled, however often it is retried: it belongs on the dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
