package dev.invitations.workflowservice.engine;

/**
 * A request a workflow made that the egress policy stopped: a destination that is not allowed (before connecting, at
 * connect time or as a redirect's target), or an answer larger than the configured limit. Nothing of the refused
 * destination's answer reaches the run.
 */
public class EgressRefusedException extends RuntimeException {

    /** What stopped the request; each becomes a DSL error of its own. */
    public enum Reason {
        DESTINATION("Egress refused"),
        RESPONSE_TOO_LARGE("Response too large");

        private final String title;

        Reason(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Reason reason;
    private final String task;

    public EgressRefusedException(Reason reason, String message) {
        this(reason, message, null);
    }

    private EgressRefusedException(Reason reason, String message, String task) {
        super(message, null, false, false);
        this.reason = reason;
        this.task = task;
    }

    /** The same refusal, naming the task (its position in the document) that made the request. */
    EgressRefusedException at(String taskPosition) {
        return new EgressRefusedException(reason, getMessage(), taskPosition);
    }

    /** One line for the run's {@code error}: what, where and why. */
    public String describe() {
        return reason.title() + (task == null ? "" : " at " + task) + ": " + getMessage();
    }

    public Reason reason() {
        return reason;
    }
}
