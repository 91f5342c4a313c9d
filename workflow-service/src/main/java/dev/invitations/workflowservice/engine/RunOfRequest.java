package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.impl.TaskContext;
import io.serverlessworkflow.impl.WorkflowContext;
import io.serverlessworkflow.impl.executors.http.HttpRequestDecorator;
import jakarta.ws.rs.client.Invocation;

/**
 * Names, on each HTTP request a workflow's {@code call: http} makes, the run it belongs to, so that
 * {@link InFlightRequests} can abort it when the run is cancelled. The SDK finds request decorators with
 * {@link java.util.ServiceLoader} (listed in META-INF/services), hence public with a no-argument constructor.
 */
public final class RunOfRequest implements HttpRequestDecorator {

    @Override
    public void decorate(Invocation.Builder request, WorkflowContext workflow, TaskContext task) {
        request.property(InFlightRequests.RUN, workflow.instanceData());
    }
}
