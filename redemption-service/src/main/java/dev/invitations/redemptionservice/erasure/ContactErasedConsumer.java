package dev.invitations.redemptionservice.erasure;

import dev.invitations.commons.erasure.ContactDataEraser;
import dev.invitations.commons.erasure.ContactErasures;
import dev.invitations.commons.inbox.PolledBatchConsumer;
import dev.invitations.contract.ContactErased;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Erases what this service holds of an erased contact. It holds no name or address: the Invite Redemption Activities
 * name the contact by id only and stay, as invitation-service keeps the redemptions they record. The contact's portal
 * access goes: it was granted to a person who no longer exists anywhere, and whom no login can ever sign in as again
 * (invitation-service unlinked them), so it would only keep a profile of that id.
 */
@ApplicationScoped
public class ContactErasedConsumer implements ContactDataEraser {

    private static final String REVOKE_WEB_ROLES = "delete from contact_web_role where contact_id = any(cast(:contactIds as uuid[]))";
    private static final String REVOKE_ACCESS = "delete from contact_access where contact_id = any(cast(:contactIds as uuid[]))";

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
                .flatMap(session -> session.createNativeQuery(REVOKE_WEB_ROLES).setParameter("contactIds", ids).executeUpdate()
                        .chain(() -> session.createNativeQuery(REVOKE_ACCESS).setParameter("contactIds", ids).executeUpdate()))
                .replaceWithVoid();
    }
}
