package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.impl.WorkflowInstance;
import java.util.concurrent.CompletableFuture;

/** A started engine instance and its output as JSON, completed exceptionally when the workflow faults. */
public final class RunningWorkflow {

    private final WorkflowInstance instance;
    private final CompletableFuture<String> output;
    private final InFlightRequests requests;

    RunningWorkflow(WorkflowInstance instance, CompletableFuture<String> output, InFlightRequests requests) {
        this.instance = instance;
        this.output = output;
        this.requests = requests;
    }

    public CompletableFuture<String> output() {
        return output;
    }

    /** Stops the run: no further task starts, and its HTTP requests in flight are aborted, their connections closed. */
    public void cancel() {
        instance.cancel();
        requests.abort(instance);
    }
}
