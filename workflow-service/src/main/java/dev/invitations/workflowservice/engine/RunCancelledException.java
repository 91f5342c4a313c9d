package dev.invitations.workflowservice.engine;

import java.net.URI;

/**
 * A workflow's HTTP request stopped because its run was cancelled (at the run's timeout): aborted while in flight, or
 * refused before it was sent. Not a DSL error, so no {@code try/catch} of the workflow retries it.
 */
final class RunCancelledException extends RuntimeException {

    private RunCancelledException(String message) {
        super(message, null, false, false);
    }

    static RunCancelledException aborted(URI uri) {
        return new RunCancelledException("request to " + EgressGate.display(uri) + " aborted: its run was cancelled");
    }

    static RunCancelledException refused(URI uri) {
        return new RunCancelledException("request to " + EgressGate.display(uri) + " refused: its run was cancelled");
    }
}
