package dev.invitations.workflowservice.run;

/** RUNNING from the moment the run is recorded until the engine finishes it (or it is retried). */
public enum RunStatus {
    RUNNING,
    COMPLETED,
    FAULTED
}
