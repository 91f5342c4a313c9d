package dev.invitations.workflowservice.run;

import dev.invitations.commons.inbox.EventReader;
import dev.invitations.commons.inbox.MalformedEventException;
import dev.invitations.commons.inbox.PolledBatchConsumer;
import dev.invitations.contract.InvitationRedeemed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code invitations.redeemed} (group workflow-service) a polled batch at a time: the runs of a whole batch
 * are recorded with their event ids in one transaction ({@link PolledBatchConsumer}: a database that is away is waited
 * out, an event it refuses is dead-lettered alone), and the offsets are committed after that. The runs themselves are
 * executed later by the {@link RunDispatcher}, so a long workflow never holds up the partition.
 *
 * <p>Most redemptions name no workflow. Such an event has no effect here, so it is acknowledged with its batch without
 * any transaction: its id is not recorded either, because handling it twice does nothing twice.
 */
@ApplicationScoped
public class RedemptionListener implements PolledBatchConsumer.Handler<InvitationRedeemed, List<WorkflowRuns.NewRun>> {

    static final int MAX_WORKFLOW_ID_LENGTH = 128;

    private final WorkflowRuns runs;
    private final RunDispatcher dispatcher;
    private final Validator validator;
    private final Counter recorded;
    private final Counter duplicates;
    private final PolledBatchConsumer<InvitationRedeemed, List<WorkflowRuns.NewRun>> batches;

    public RedemptionListener(WorkflowRuns runs, RunDispatcher dispatcher, Validator validator, MeterRegistry meters) {
        this.runs = runs;
        this.dispatcher = dispatcher;
        this.validator = validator;
        this.recorded = meters.counter("workflow.runs.recorded");
        this.duplicates = meters.counter("workflow.redemptions.duplicates");
        this.batches = new PolledBatchConsumer<>("redemptions", this, PolledBatchConsumer.Attempts.DEFAULT);
    }

    @Incoming("invitations-redeemed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onInvitationRedeemed(KafkaRecordBatch<String, String> batch) {
        return batches.consume(batch);
    }

    @Override
    public Uni<List<WorkflowRuns.NewRun>> apply(List<InvitationRedeemed> events) {
        List<InvitationRedeemed> naming = events.stream().filter(RedemptionListener::namesWorkflow).toList();
        return naming.isEmpty() ? Uni.createFrom().item(List.of()) : runs.recordRedemptions(naming);
    }

    @Override
    public void applied(List<InvitationRedeemed> events, List<WorkflowRuns.NewRun> recordedRuns) {
        duplicates.increment(events.stream().filter(RedemptionListener::namesWorkflow).count() - recordedRuns.size());
        recorded.increment(recordedRuns.size());
        runs.recorded(recordedRuns);
        if (recordedRuns.stream().anyMatch(run -> run.status() == RunStatus.RUNNING)) {
            dispatcher.wake();
        }
    }

    @Override
    public String describe(InvitationRedeemed event) {
        return "InvitationRedeemed " + event.eventId() + " of invitation " + event.invitationId();
    }

    /**
     * The contract's constraints (ids, the redeeming contact) are checked by the reader; the one rule of this service's
     * own is the length of a workflow id, which its workflow table holds shorter than invitation-service does.
     */
    @Override
    public InvitationRedeemed read(String record) {
        InvitationRedeemed event = EventReader.read(record, InvitationRedeemed.class, validator);
        if (namesWorkflow(event) && event.workflowId().length() > MAX_WORKFLOW_ID_LENGTH) {
            throw new MalformedEventException("InvitationRedeemed " + event.eventId() + ": workflowId longer than "
                    + MAX_WORKFLOW_ID_LENGTH + " characters", null);
        }
        return event;
    }

    private static boolean namesWorkflow(InvitationRedeemed event) {
        return event.workflowId() != null && !event.workflowId().isBlank();
    }
}
