package dev.invitations.workflowservice.run;

import dev.invitations.commons.lease.LeasedWorkQueue;
import dev.invitations.commons.lease.Leases;
import dev.invitations.commons.lease.OutcomeGroups;
import dev.invitations.commons.vertx.VertxContexts;
import dev.invitations.workflowservice.WorkflowServiceConfig;
import dev.invitations.workflowservice.engine.RunningWorkflow;
import dev.invitations.workflowservice.engine.WorkflowEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Starts RUNNING runs on the engine, at most {@code workflow.runs.max-in-flight} at a time in this instance.
 *
 * <p>The database is the queue, a {@link LeasedWorkQueue} whose items are processed one by one: a run is claimed by
 * taking its lease, so runs recorded while every place is busy simply wait, and runs of an instance that died are taken
 * over once their lease runs out. The lease is short and renewed by the queue's heartbeat while the run executes: a
 * long run keeps its claim, a killed instance's runs are free one lease after its last renewal. New runs are
 * dispatched at once ({@link #wake()}), the rest by the poll.
 *
 * <p>Results are recorded in groups ({@link OutcomeGroups}, a group commit): the results of runs that end close
 * together are written by one statement, a group at a time, instead of a transaction per run. A run keeps its place and
 * its lease until its group is committed, so the heartbeat renews it meanwhile and the attempt check in that statement
 * still drops the result of an attempt that was taken over.
 *
 * <p>Threads: claiming and recording use the reactive client; each run has the Vert.x context the queue gives it, the
 * groups one of their own. The engine runs on its own bounded pool, and its result is brought back to the run's context
 * with {@code emitOn}.
 */
@ApplicationScoped
public class RunDispatcher implements LeasedWorkQueue.Queue<ClaimedRun> {

    private static final Duration RECORD_RETRY_DELAY = Duration.ofSeconds(1);
    private static final int RECORD_RETRIES = 3;

    private final WorkflowRuns runs;
    private final WorkflowEngine engine;
    private final WorkflowServiceConfig.Runs config;
    private final Leases leases;
    private final LeasedWorkQueue<ClaimedRun> queue;
    private final Counter started;
    private final OutcomeGroups<RunResult> results;

    public RunDispatcher(WorkflowRuns runs, WorkflowEngine engine, Vertx vertx, WorkflowServiceConfig config, MeterRegistry meters) {
        this.runs = runs;
        this.engine = engine;
        this.config = config.runs();
        this.leases = new Leases("workflow.runs", this.config.lease(), this.config.heartbeatInterval());
        // A run is stuck once it outlived its own timeout by a lease: by then it should have been cancelled.
        this.queue = new LeasedWorkQueue<>("workflow.runs", vertx, leases, LeasedWorkQueue.Schedule.oneByOne(
                this.config.pollInterval(), this.config.maxInFlight(), this.config.timeout().plus(this.config.lease())), this);
        meters.gauge("workflow.runs.in.flight", queue, LeasedWorkQueue::inFlight);
        // Attempts, a retry or a takeover after a lease ran out included: with workflow.runs.ended, what is still going.
        this.started = Counter.builder("workflow.runs.started").description("Run attempts handed to the engine")
                .register(meters);
        // No group can hold more results than there are runs in flight: a full one goes at once.
        this.results = new OutcomeGroups<>(VertxContexts.safeDuplicatedContext(vertx), this.config.maxInFlight(),
                this.config.recordInterval(), this::record);
    }

    void startPolling(@Observes StartupEvent started) {
        queue.start();
    }

    /** The database pool closes at shutdown; a poll after that could only fail. */
    void stopPolling(@Observes ShutdownEvent stopping) {
        queue.stop();
    }

    /** Keeps the claims on the runs this instance is executing, however long they take. */
    public Uni<Void> heartbeat() {
        return queue.heartbeat();
    }

    /** This instance's claims: tests look at what it holds and whom it claims as. */
    public Leases leases() {
        return leases;
    }

    /** Dispatches now rather than at the next poll; returns at once. */
    public void wake() {
        queue.wake();
    }

    @Override
    public Uni<List<ClaimedRun>> claim(int limit, Leases claims) {
        return runs.claimDue(limit, claims);
    }

    @Override
    public UUID id(ClaimedRun run) {
        return run.runId();
    }

    @Override
    public Uni<?> renew(UUID[] ids, Leases claims) {
        return runs.renew(ids, claims.owner(), claims.expiry(Instant.now()));
    }

    /** One run, on the context the queue gives it; it keeps its place, and its lease, until its result is committed. */
    @Override
    public Uni<Void> process(List<ClaimedRun> claimed) {
        ClaimedRun run = claimed.get(0);
        started.increment();
        Context context = Vertx.currentContext();
        Executor onRunContext = task -> context.runOnContext(ignored -> task.run());
        return Uni.createFrom().item(() -> engine.start(run.definitionKey(), run.format(), run.document(), run.input()))
                .runSubscriptionOn(engine.executor())
                .flatMap(this::outcome)
                .emitOn(onRunContext)
                .onItemOrFailure().transformToUni((output, failure) -> results.recorded(RunResult.of(run, output, failure)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Most runs have ended by the time the engine returns them (no outside call): those need no timeout timer. */
    private Uni<String> outcome(RunningWorkflow running) {
        if (running.output().isDone()) {
            return Uni.createFrom().completionStage(running.output());
        }
        return Uni.createFrom().completionStage(running.output())
                .ifNoItem().after(config.timeout()).failWith(() -> new RunTimedOutException(config.timeout()))
                .onFailure(RunTimedOutException.class).invoke(running::cancel);
    }

    /**
     * A database hiccup should not re-execute finished workflows, so recording a group is retried a few times; after
     * that its runs are released and run again once their leases end.
     */
    private Uni<Void> record(List<RunResult> group) {
        return Uni.createFrom().deferred(() -> runs.finish(group))
                .onFailure().retry().withBackOff(RECORD_RETRY_DELAY).atMost(RECORD_RETRIES)
                .onFailure().invoke(failure -> Log.errorf(
                        "The results of %d runs could not be recorded and they will run again once their leases end (%s): %s",
                        group.size(), group.stream().map(result -> result.run().runId().toString()).collect(Collectors.joining(", ")),
                        failure.toString()));
    }
}
