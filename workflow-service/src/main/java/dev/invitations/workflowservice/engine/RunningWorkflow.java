package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.impl.WorkflowInstance;
import java.util.concurrent.CompletableFuture;

/** A started engine instance and its output as JSON, completed exceptionally when the workflow faults. */
public record RunningWorkflow(WorkflowInstance instance, CompletableFuture<String> output) {

    public void cancel() {
        instance.cancel();
    }
}
