package dev.invitations.redemptionservice.redemption;

import dev.invitations.commons.inbox.EventReader;
import dev.invitations.commons.inbox.PolledBatchConsumer;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.redemptionservice.RedemptionServiceConfig;
import dev.invitations.redemptionservice.redemption.Rows.ActivityRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code invitations.redeemed} a polled batch at a time, each batch in one transaction
 * ({@link PolledBatchConsumer}: a database that is away is waited out, an event it refuses is dead-lettered alone).
 */
@ApplicationScoped
public class InvitationRedeemedConsumer implements PolledBatchConsumer.Handler<InvitationRedeemed, List<ActivityRow>> {

    private final RedemptionApplier applier;
    private final Validator validator;
    private final Counter applied;
    private final Counter appliedPartially;
    private final Counter duplicates;
    private final Counter accountsAssigned;
    private final PolledBatchConsumer<InvitationRedeemed, List<ActivityRow>> batches;

    public InvitationRedeemedConsumer(RedemptionApplier applier, Validator validator, RedemptionServiceConfig config,
            MeterRegistry meters) {
        this.applier = applier;
        this.validator = validator;
        this.applied = meters.counter("redemptions.applied", "partial", "false");
        this.appliedPartially = meters.counter("redemptions.applied", "partial", "true");
        this.duplicates = meters.counter("redemptions.duplicates");
        this.accountsAssigned = meters.counter("redemptions.accounts.assigned");
        RedemptionServiceConfig.Apply attempts = config.apply();
        this.batches = new PolledBatchConsumer<>("redemptions", this, new PolledBatchConsumer.Attempts(attempts.batchAttempts(),
                attempts.eventAttempts(), attempts.initialBackoff(), attempts.maxBackoff()));
    }

    @Incoming("invitations-redeemed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return batches.consume(batch);
    }

    /** The contract's constraints are all this service needs of an event: nothing of its own to add. */
    @Override
    public InvitationRedeemed read(String payload) {
        return EventReader.read(payload, InvitationRedeemed.class, validator);
    }

    @Override
    public Uni<List<ActivityRow>> apply(List<InvitationRedeemed> events) {
        return applier.apply(events, event -> null);
    }

    /** Each ContactAccessGranted goes on in the trace of the redemption that granted it. */
    @Override
    public Uni<List<ActivityRow>> apply(List<InvitationRedeemed> events, Function<InvitationRedeemed, String> traceparents) {
        return applier.apply(events, traceparents);
    }

    @Override
    public String describe(InvitationRedeemed event) {
        return "Redemption event " + event.eventId() + " of invitation " + event.invitationId();
    }

    /** A line per redemption at INFO is a synchronous console write per event: DEBUG, and the counters keep the totals. */
    @Override
    public void applied(List<InvitationRedeemed> events, List<ActivityRow> activities) {
        for (ActivityRow activity : activities) {
            if (activity.accountOutcome() == AccountOutcome.ASSIGNED) {
                accountsAssigned.increment();
            }
            if (activity.partial()) {
                appliedPartially.increment();
                Log.warnf("Redemption of invitation %s by contact %s applied in part (activity %s): something it names no longer exists",
                        activity.invitationId(), activity.contactId(), activity.id());
            } else {
                applied.increment();
                Log.debugf("Redemption of invitation %s by contact %s applied (activity %s)",
                        activity.invitationId(), activity.contactId(), activity.id());
            }
        }
        duplicates.increment(events.size() - activities.size());
    }
}
