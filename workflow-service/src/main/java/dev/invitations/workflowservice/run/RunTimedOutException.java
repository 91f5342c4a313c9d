package dev.invitations.workflowservice.run;

import java.time.Duration;

/** A run that outlived workflow.runs.timeout; the engine instance has been cancelled, its HTTP requests in flight aborted. */
class RunTimedOutException extends RuntimeException {

    RunTimedOutException(Duration limit) {
        super("the run did not finish within " + limit + " and was cancelled", null, false, false);
    }
}
