package dev.invitations.notificationservice.erasure;

import dev.invitations.commons.erasure.ContactDataEraser;
import dev.invitations.commons.erasure.ContactErasures;
import dev.invitations.commons.inbox.PolledBatchConsumer;
import dev.invitations.contract.ContactErased;
import dev.invitations.contract.EventTypes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Erases what this service holds of an erased contact: its deliveries go, whatever their status (each holds the
 * address and the stored InvitationSent with the name; one not yet sent, held or being sent, must never be sent now:
 * recording the outcome of a send in flight touches only deliveries still there, see DeliveryStore.complete). The
 * delivery reports in the outbox, published or not, lose the address and the mail server's reason, which may quote it;
 * they still tell invitation-service how the email went. invitation-service keeps each invitee's delivery status.
 *
 * <p>A poll of erasures is one transaction ({@link PolledBatchConsumer}), unlike the InvitationSent consumer's send
 * pipeline: erasures are rare and touch only the database.
 */
@ApplicationScoped
public class ContactErasedConsumer implements ContactDataEraser {

    private static final String DELETE_DELIVERIES = "delete from deliveries where contact_id = any(cast(:contactIds as uuid[]))";

    private static final String SCRUB_DELIVERY_REPORTS = """
            update outbox_event set payload = cast(cast(payload as jsonb) - 'recipient' - 'reason' as text)
            where event_type in (:delivered, :failed)
              and cast(cast(payload as jsonb) ->> 'contactId' as uuid) = any(cast(:contactIds as uuid[]))""";

    private final PolledBatchConsumer<ContactErased, Set<UUID>> batches;

    public ContactErasedConsumer(ContactErasures erasures) {
        this.batches = erasures.consumer(this);
    }

    @Incoming("contacts-erased")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return batches.consume(batch);
    }

    @Override
    public Uni<Void> erase(Set<UUID> contactIds) {
        UUID[] ids = contactIds.toArray(UUID[]::new);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(DELETE_DELIVERIES).setParameter("contactIds", ids).executeUpdate()
                        .chain(() -> session.createNativeQuery(SCRUB_DELIVERY_REPORTS)
                                .setParameter("delivered", EventTypes.INVITATION_EMAIL_DELIVERED)
                                .setParameter("failed", EventTypes.INVITATION_EMAIL_FAILED)
                                .setParameter("contactIds", ids)
                                .executeUpdate()))
                .replaceWithVoid();
    }
}
