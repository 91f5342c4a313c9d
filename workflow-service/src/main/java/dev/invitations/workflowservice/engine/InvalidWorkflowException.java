package dev.invitations.workflowservice.engine;

/** A workflow document the engine cannot or must not run; the message tells the author what to change. */
public class InvalidWorkflowException extends RuntimeException {

    public InvalidWorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
