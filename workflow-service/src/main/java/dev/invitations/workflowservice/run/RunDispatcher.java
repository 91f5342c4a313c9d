package dev.invitations.workflowservice.run;

import dev.invitations.commons.lease.Leases;
import dev.invitations.workflowservice.WorkflowServiceConfig;
import dev.invitations.workflowservice.engine.RunningWorkflow;
import dev.invitations.workflowservice.engine.WorkflowEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts RUNNING runs on the engine, at most {@code workflow.runs.max-in-flight} at a time in this instance.
 *
 * <p>The database is the queue: a run is claimed by taking its lease, so runs recorded while every slot is busy simply
 * wait, and runs of an instance that died are taken over once their lease runs out. The lease is short and renewed
 * by a heartbeat while the run executes ({@link Leases}): a long run keeps its claim, a killed instance's runs are free
 * one lease after its last renewal. New runs are dispatched at once ({@link #wake()}), the rest by a poll.
 *
 * <p>Threads: claiming and recording results use Hibernate Reactive, so they run on a Vert.x context, a fresh
 * duplicated one per run so that concurrent runs never share a session. The engine runs on its own bounded pool, and
 * its result is brought back to the run's context with {@code emitOn}.
 */
@ApplicationScoped
public class RunDispatcher {

    private static final String POLL_JOB = "workflow-run-dispatch";
    private static final String HEARTBEAT_JOB = "workflow-run-lease-heartbeat";
    private static final Duration RECORD_RETRY_DELAY = Duration.ofSeconds(1);
    private static final int RECORD_RETRIES = 3;

    private final WorkflowRuns runs;
    private final WorkflowEngine engine;
    private final Vertx vertx;
    private final Scheduler scheduler;
    private final WorkflowServiceConfig.Runs config;
    private final Leases leases;
    private final Semaphore slots;
    /** A claim filled every slot it had, so more runs may be waiting for the next slot to free. */
    private final AtomicBoolean backlog = new AtomicBoolean();
    private final Counter started;

    public RunDispatcher(WorkflowRuns runs, WorkflowEngine engine, Vertx vertx, Scheduler scheduler, WorkflowServiceConfig config,
            MeterRegistry meters) {
        this.runs = runs;
        this.engine = engine;
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.config = config.runs();
        this.leases = new Leases("workflow.runs", this.config.lease(), this.config.heartbeatInterval());
        this.slots = new Semaphore(this.config.maxInFlight());
        int maxInFlight = this.config.maxInFlight();
        meters.gauge("workflow.runs.in.flight", slots, free -> maxInFlight - free.availablePermits());
        // Attempts, a retry or a takeover after a lease ran out included: with workflow.runs.ended, what is still going.
        this.started = Counter.builder("workflow.runs.started").description("Run attempts handed to the engine")
                .register(meters);
    }

    void startPolling(@Observes StartupEvent started) {
        scheduler.newJob(POLL_JOB)
                .setInterval(config.pollInterval().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> dispatchUntilNextPoll().replaceWithVoid())
                .schedule();
        scheduler.newJob(HEARTBEAT_JOB)
                .setInterval(config.heartbeatInterval().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> heartbeat())
                .schedule();
        Log.info(leases.describe());
    }

    /** The database pool closes at shutdown; a poll after that could only fail. */
    void stopPolling(@Observes ShutdownEvent stopping) {
        scheduler.unscheduleJob(POLL_JOB);
        scheduler.unscheduleJob(HEARTBEAT_JOB);
    }

    /** Keeps the claims on the runs this instance is executing, however long they take. */
    public Uni<Void> heartbeat() {
        return leases.renew(ids -> runs.renew(ids, leases.owner(), leases.expiry(Instant.now())));
    }

    /** This instance's claims: tests look at what it holds and whom it claims as. */
    public Leases leases() {
        return leases;
    }

    /** Dispatches now rather than at the next poll; returns at once. */
    public void wake() {
        Context context = newRunContext();
        context.runOnContext(ignored -> dispatchUntilNextPoll().subscribe().with(
                claimed -> Log.debugf("Dispatched %d runs", claimed)));
    }

    /**
     * A failed claim (the database away) waits for the next poll: one line saying so, not the scheduler's ERROR with a
     * stack trace every second of an outage.
     */
    private Uni<Integer> dispatchUntilNextPoll() {
        return dispatch()
                .onFailure().invoke(failure -> Log.warnf("Dispatching runs failed; the next poll tries again: %s", failure.toString()))
                .onFailure().recoverWithItem(0);
    }

    Uni<Integer> dispatch() {
        int reserved = reserveSlots();
        if (reserved == 0) {
            return Uni.createFrom().item(0);
        }
        // Deferred, so that even a failure thrown before the Uni exists gives the reserved slots back.
        return Uni.createFrom().deferred(() -> runs.claimDue(reserved, leases))
                .onFailure().invoke(() -> slots.release(reserved))
                .invoke(claimed -> {
                    backlog.set(claimed.size() == reserved);
                    slots.release(reserved - claimed.size());
                    started.increment(claimed.size());
                    claimed.forEach(this::execute);
                })
                .map(List::size);
    }

    private void execute(ClaimedRun run) {
        List<UUID> held = List.of(run.runId());
        leases.holding(held);
        Context context = newRunContext();
        Executor onRunContext = task -> context.runOnContext(ignored -> task.run());
        Uni.createFrom().item(() -> engine.start(run.definitionKey(), run.format(), run.document(), run.input()))
                .runSubscriptionOn(engine.executor())
                .flatMap(this::outcome)
                .emitOn(onRunContext)
                .onItemOrFailure().transformToUni((output, failure) -> record(run, output, failure, onRunContext))
                .onTermination().invoke(() -> {
                    leases.released(held);
                    slotFreed();
                })
                .subscribe().with(
                        ignored -> {
                        },
                        failure -> Log.errorf("Run %s: its result could not be recorded and it will run again once its lease ends: %s",
                                run.runId(), failure.toString()));
    }

    private Uni<String> outcome(RunningWorkflow running) {
        return Uni.createFrom().completionStage(running.output())
                .ifNoItem().after(config.timeout()).failWith(() -> new RunTimedOutException(config.timeout()))
                .onFailure(RunTimedOutException.class).invoke(running::cancel);
    }

    /** A database hiccup should not re-execute a finished workflow, so recording its result is retried a few times. */
    private Uni<Void> record(ClaimedRun run, String output, Throwable failure, Executor onRunContext) {
        return Uni.createFrom().deferred(() -> runs.finish(run, output, failure))
                .runSubscriptionOn(onRunContext)
                .onFailure().retry().withBackOff(RECORD_RETRY_DELAY).atMost(RECORD_RETRIES);
    }

    private void slotFreed() {
        slots.release();
        if (backlog.get()) {
            wake();
        }
    }

    private int reserveSlots() {
        int reserved = 0;
        while (slots.tryAcquire()) {
            reserved++;
        }
        return reserved;
    }

    private Context newRunContext() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        // Hibernate Reactive only works on a duplicated context flagged as owned by one unit of work, which this is.
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
