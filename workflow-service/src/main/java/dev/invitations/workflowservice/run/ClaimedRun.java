package dev.invitations.workflowservice.run;

import dev.invitations.workflowservice.engine.DocumentFormat;
import java.util.UUID;

/**
 * A run this instance holds the lease of, with what the engine needs to start it. {@code document} is null when the
 * engine has already compiled that version.
 */
record ClaimedRun(UUID runId, int attempt, String workflowId, int workflowVersion, String input,
        DocumentFormat format, String document) {

    static String definitionKey(String workflowId, int version) {
        return workflowId + "@" + version;
    }

    String definitionKey() {
        return definitionKey(workflowId, workflowVersion);
    }
}
