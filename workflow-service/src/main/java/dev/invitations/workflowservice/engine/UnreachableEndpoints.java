package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.api.types.CallHTTP;
import io.serverlessworkflow.api.types.TaskBase;
import io.serverlessworkflow.impl.WorkflowError;
import io.serverlessworkflow.impl.WorkflowException;
import io.serverlessworkflow.impl.executors.CallableTask;
import io.serverlessworkflow.impl.executors.CallableTaskProxyBuilder;
import jakarta.ws.rs.ProcessingException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The SDK turns an HTTP error status into a DSL communication error, but lets the JAX-RS client's
 * {@link ProcessingException} (connection refused, read timeout) through as it is. A workflow's {@code try/catch} only
 * sees DSL errors, so its retries would never apply to an endpoint that is down; this gives that case the
 * communication error type too. A request the egress policy stopped fails the run as it is ("Egress refused" or
 * "Response too large", the task and the policy's reason): no retry of the workflow can change a policy. Nor does a
 * request aborted because its run was cancelled become a DSL error.
 */
final class UnreachableEndpoints implements CallableTaskProxyBuilder {


    @Override
    public boolean accept(TaskBase task) {
        return task instanceof CallHTTP;
    }

    @Override
    public CallableTask build(CallableTask delegate) {
        return (workflow, task, input) -> delegate.apply(workflow, task, input).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            EgressRefusedException refused = causeOfType(cause, EgressRefusedException.class);
            if (refused != null) {
                // Deliberately not a DSL error: retrying cannot change the policy, and the SDK (7.13.2) lets a try
                // task swallow a DSL error its catch does not match, which would turn a refusal into a COMPLETED run.
                // Anything else than a WorkflowException ends the run, whatever try/catch surrounds the call.
                return CompletableFuture.failedFuture(refused.at(task.position().jsonPointer()));
            }
            RunCancelledException cancelled = causeOfType(cause, RunCancelledException.class);
            if (cancelled != null) {
                // Not a DSL error either: a cancelled run must not retry.
                return CompletableFuture.failedFuture(cancelled);
            }
            if (cause instanceof ProcessingException unreachable) {
                WorkflowError error = WorkflowError.communication(task, "Endpoint unreachable: " + unreachable.getMessage()).build();
                return CompletableFuture.failedFuture(new WorkflowException(error, unreachable));
            }
            return CompletableFuture.failedFuture(failure);
        });
    }

    /** The first exception of {@code type} in a chain of causes (the HTTP client wraps what fails a request), or null. */
    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
