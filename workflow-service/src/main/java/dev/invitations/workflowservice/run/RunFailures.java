package dev.invitations.workflowservice.run;

import dev.invitations.workflowservice.engine.EgressRefusedException;
import io.serverlessworkflow.impl.WorkflowError;
import io.serverlessworkflow.impl.WorkflowException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what made a run fail into the one line an operator reads in the run's {@code error}. */
final class RunFailures {

    private static final int MAX_LENGTH = 2000;

    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text = cause instanceof WorkflowException workflowFailure ? describe(workflowFailure.getWorkflowError())
                : cause instanceof EgressRefusedException refused ? refused.describe()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 1) + "…" : text;
    }

    /** The DSL error: its type's last path segment (communication, timeout, ...), status, title, task and details. */
    private static String describe(WorkflowError error) {
        String type = error.type() == null ? "error" : error.type().substring(error.type().lastIndexOf('/') + 1);
        StringBuilder text = new StringBuilder(type).append(" error ").append(error.status());
        if (error.title() != null) {
            text.append(' ').append(error.title());
        }
        if (error.instance() != null) {
            text.append(" at ").append(error.instance());
        }
        if (error.details() != null && !error.details().isBlank()) {
            text.append(": ").append(error.details());
        }
        return text.toString();
    }

    private RunFailures() {
    }
}
