package dev.invitations.invitationservice.sending;

import dev.invitations.commons.inbox.EventReader;
import dev.invitations.commons.inbox.PolledBatchConsumer;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationEmailDelivered;
import dev.invitations.contract.InvitationEmailFailed;
import dev.invitations.invitationservice.invitation.DeliveryStatus;
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
 * Consumes notification-service's reports on invitation emails, a polled batch per transaction: a campaign of 10,000
 * emails sends 10,000 reports back, which one transaction each made 10,000 commits. A batch is acknowledged
 * (its offsets committed) only once its effect is committed; a record that can never be handled goes to the dead-letter
 * topic alone, while a database that is away is waited out: a report is never lost to an outage
 * ({@link PolledBatchConsumer}).
 */
@ApplicationScoped
public class DeliveryReports {

    private final PolledBatchConsumer<DeliveryReport, Integer> delivered;
    private final PolledBatchConsumer<DeliveryReport, Integer> failed;

    public DeliveryReports(DeliveryStatusService statuses, Validator validator) {
        this.delivered = new PolledBatchConsumer<>("delivery reports", new Reports(statuses, EventTypes.INVITATION_EMAIL_DELIVERED,
                record -> delivered(EventReader.read(record, InvitationEmailDelivered.class, validator))),
                PolledBatchConsumer.Attempts.DEFAULT);
        this.failed = new PolledBatchConsumer<>("failure reports", new Reports(statuses, EventTypes.INVITATION_EMAIL_FAILED,
                record -> failed(EventReader.read(record, InvitationEmailFailed.class, validator))),
                PolledBatchConsumer.Attempts.DEFAULT);
    }

    private static DeliveryReport delivered(InvitationEmailDelivered event) {
        return new DeliveryReport(event.eventId(), event.invitationId(), event.contactId(), DeliveryStatus.DELIVERED,
                event.deliveredAt(), null);
    }

    private static DeliveryReport failed(InvitationEmailFailed event) {
        return new DeliveryReport(event.eventId(), event.invitationId(), event.contactId(), DeliveryStatus.FAILED,
                event.failedAt(), event.reason() == null ? "no reason given" : event.reason());
    }

    @Incoming("email-delivered")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> delivered(KafkaRecordBatch<String, String> batch) {
        return delivered.consume(batch);
    }

    @Incoming("email-failed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> failed(KafkaRecordBatch<String, String> batch) {
        return failed.consume(batch);
    }

    /** One topic's reports: how its records read, and the event type their ids are recorded under. */
    private record Reports(DeliveryStatusService statuses, String eventType, Function<String, DeliveryReport> reader)
            implements PolledBatchConsumer.Handler<DeliveryReport, Integer> {

        @Override
        public DeliveryReport read(String payload) {
            return reader.apply(payload);
        }

        @Override
        public Uni<Integer> apply(List<DeliveryReport> reports) {
            return statuses.record(reports, eventType);
        }

        /** One line per report at INFO would be 10,000 synchronous console writes per campaign: DEBUG. */
        @Override
        public void applied(List<DeliveryReport> reports, Integer changed) {
            Log.debugf("%d %s reports received, %d statuses changed (the others were redeliveries, older than the status "
                    + "shown, or for no invited contact)", reports.size(), eventType, changed);
        }

        @Override
        public String describe(DeliveryReport report) {
            return eventType + " " + report.eventId() + " of invitation " + report.invitationId();
        }
    }
}
