package dev.invitations.workflowservice.run;

import java.time.Instant;

/** How one attempt of a run ended, on its way to the database with the results of the runs that ended with it. */
record RunResult(ClaimedRun run, RunStatus status, String output, String error, Instant endedAt) {

    static RunResult of(ClaimedRun run, String output, Throwable failure) {
        return failure == null
                ? new RunResult(run, RunStatus.COMPLETED, output, null, Instant.now())
                : new RunResult(run, RunStatus.FAULTED, null, RunFailures.describe(failure), Instant.now());
    }
}
