package dev.invitations.notificationservice.template;

import io.quarkus.qute.TemplateNode;
import java.time.Duration;

/**
 * What one rendering of one part may still spend: loop turns, output characters and time. Kept as an attribute of the
 * template instance; the loop section and the model's value resolvers draw on it, so a template that goes beyond a
 * limit stops where it is instead of running on. Rendering is synchronous on one thread, so no locking.
 */
final class RenderBudget {

    static final String ATTRIBUTE = "dev.invitations.notification.render-budget";

    private final int maxIterations;
    private final int maxOutput;
    private final Duration timeout;
    private final long deadline;
    private long iterations;
    private long output;

    RenderBudget(int maxIterations, int maxOutput, Duration timeout) {
        this.maxIterations = maxIterations;
        this.maxOutput = maxOutput;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    void checkTime(TemplateNode.Origin origin) {
        if (System.nanoTime() - deadline > 0) {
            throw new SandboxViolation(origin, "rendering takes longer than the limit of " + describe(timeout)
                    + " (notification.templates.render-timeout)");
        }
    }

    /** "2 s", "500 ms", "1 ns": the limit as an editor would write it. */
    static String describe(Duration limit) {
        long nanos = limit.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + " s";
        }
        return nanos % 1_000_000L == 0 ? nanos / 1_000_000L + " ms" : nanos + " ns";
    }

    /** A loop is about to turn {@code turns} times; loops inside loops draw on the same budget at each outer turn. */
    void reserveIterations(long turns, TemplateNode.Origin origin) {
        iterations += turns;
        if (turns > maxIterations || iterations > maxIterations) {
            throw new SandboxViolation(origin, "the loops would turn " + (turns > maxIterations ? turns : iterations)
                    + " times, more than the limit of " + maxIterations + " (notification.templates.max-loop-iterations)");
        }
    }

    long outputCharged() {
        return output;
    }

    void chargeOutput(long characters, TemplateNode.Origin origin) {
        output += Math.max(0, characters);
        checkOutput(output, origin);
    }

    void checkOutput(long characters, TemplateNode.Origin origin) {
        if (characters > maxOutput) {
            throw new SandboxViolation(origin, "the output is longer than the limit of " + maxOutput
                    + " characters (notification.templates.max-output-chars)");
        }
    }
}
