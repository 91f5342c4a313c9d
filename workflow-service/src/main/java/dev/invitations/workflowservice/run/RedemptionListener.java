package dev.invitations.workflowservice.run;

import dev.invitations.commons.failure.UntilApplied;
import dev.invitations.commons.inbox.EventReader;
import dev.invitations.commons.inbox.MalformedEventException;
import dev.invitations.contract.InvitationRedeemed;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code invitations.redeemed} (group workflow-service). The offset is committed when the returned Uni
 * completes, which is after the run and the event id were committed together; the run itself is executed later by
 * the {@link RunDispatcher}, so a long workflow never holds up the partition. A record that cannot be read fails at
 * once and goes to the dead-letter topic; a database that is away is waited out ({@link UntilApplied}).
 */
@ApplicationScoped
public class RedemptionListener {

    static final int MAX_WORKFLOW_ID_LENGTH = 128;

    private final WorkflowRuns runs;
    private final RunDispatcher dispatcher;
    private final Validator validator;

    public RedemptionListener(WorkflowRuns runs, RunDispatcher dispatcher, Validator validator) {
        this.runs = runs;
        this.dispatcher = dispatcher;
        this.validator = validator;
    }

    @Incoming("invitations-redeemed")
    public Uni<Void> onInvitationRedeemed(String record) {
        return Uni.createFrom().item(() -> read(record))
                .flatMap(event -> UntilApplied.retrying("InvitationRedeemed " + event.eventId(), () -> runs.recordRedemption(event)))
                .invoke(runWaiting -> {
                    if (runWaiting) {
                        dispatcher.wake();
                    }
                })
                .replaceWithVoid();
    }

    /** The contract records carry no constraints, so what this service relies on is checked here. */
    private InvitationRedeemed read(String record) {
        InvitationRedeemed event = EventReader.read(record, InvitationRedeemed.class, validator);
        if (event.eventId() == null) {
            throw new MalformedEventException("InvitationRedeemed without eventId", null);
        }
        String workflowId = event.workflowId();
        if (workflowId == null || workflowId.isBlank()) {
            return event;
        }
        if (workflowId.length() > MAX_WORKFLOW_ID_LENGTH) {
            throw new MalformedEventException("InvitationRedeemed " + event.eventId() + ": workflowId longer than "
                    + MAX_WORKFLOW_ID_LENGTH + " characters", null);
        }
        if (event.invitationId() == null || event.contact() == null || event.contact().id() == null) {
            throw new MalformedEventException("InvitationRedeemed " + event.eventId()
                    + " names a workflow but lacks the invitation id or the redeeming contact", null);
        }
        return event;
    }
}
