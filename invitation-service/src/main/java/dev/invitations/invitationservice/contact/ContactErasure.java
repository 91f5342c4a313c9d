package dev.invitations.invitationservice.contact;

import dev.invitations.commons.outbox.Outbox;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.contract.ContactErased;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Erases a contact (GDPR's right to erasure): its personal data goes, in one transaction with {@link ContactErased}
 * on the outbox, so that the other services erase their copies exactly when this one did.
 *
 * <p>The contact row stays, emptied, so that invitations keep their invitees, counts and redemptions; the linked
 * portal logins are deleted, so that neither a login nor an address can ever lead to the erased row again: the same
 * person redeeming later is a new contact. The outbox rows that carry the person are dealt with in the same
 * transaction, published or not (published ones are kept only for troubleshooting, see EventHistoryRetention):
 * an InvitationSent to the contact is deleted, as an email must never go to an erased person; an InvitationSent the
 * contact signs as inviter loses its inviter (the email still goes, signed by the owner); an InvitationRedeemed by the
 * contact keeps only the contact's id, so that what the redemption grants is still granted to that id.
 */
@ApplicationScoped
public class ContactErasure {

    // strpos first: a cheap test of the text that spares parsing the JSON of every other row of the retention window.
    private static final String DROP_EMAILS_TO_CONTACT = """
            delete from outbox_event
            where event_type = :eventType and strpos(payload, :contactId) > 0
              and cast(payload as jsonb) -> 'recipient' ->> 'contactId' = :contactId""";

    private static final String DROP_CONTACT_AS_INVITER = """
            update outbox_event set payload = cast(cast(payload as jsonb) - 'inviter' as text)
            where event_type = :eventType and strpos(payload, :contactId) > 0
              and cast(payload as jsonb) -> 'inviter' ->> 'contactId' = :contactId""";

    private static final String KEEP_ONLY_REDEEMER_ID = """
            update outbox_event
            set payload = cast(jsonb_set(cast(payload as jsonb), '{contact}', jsonb_build_object('id', cast(:contactId as text))) as text)
            where event_type = :eventType and strpos(payload, :contactId) > 0
              and cast(payload as jsonb) -> 'contact' ->> 'id' = :contactId""";

    private record OutboxScrub(String statement, String eventType) {
    }

    private static final List<OutboxScrub> OUTBOX_SCRUBS = List.of(
            new OutboxScrub(DROP_EMAILS_TO_CONTACT, EventTypes.INVITATION_SENT),
            new OutboxScrub(DROP_CONTACT_AS_INVITER, EventTypes.INVITATION_SENT),
            new OutboxScrub(KEEP_ONLY_REDEEMER_ID, EventTypes.INVITATION_REDEEMED));

    private final Outbox outbox;

    public ContactErasure(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Erasing an erased contact again changes nothing and succeeds: an operator repeating a request whose answer was
     * lost learns that the contact is erased. ContactErased is published once, by the first erasure.
     *
     * @throws ProblemException 404 when no contact, erased or not, has this id
     */
    @WithTransaction
    public Uni<Void> erase(UUID contactId) {
        // The row lock serialises two erasures of one contact, so that only one publishes ContactErased.
        return Contact.<Contact>findById(contactId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No contact with id " + contactId))
                .flatMap(contact -> contact.erasedAt != null ? Uni.createFrom().voidItem() : eraseNow(contact));
    }

    private Uni<Void> eraseNow(Contact contact) {
        Instant now = Instant.now();
        contact.fullName = null;
        contact.emailAddress1 = null;
        contact.emailAddress2 = null;
        contact.emailAddress3 = null;
        contact.locale = null;
        contact.erasedAt = now;
        contact.updatedAt = now;
        UUID eventId = UUID.randomUUID();
        return ContactIdentity.delete("contactId", contact.id)
                .chain(() -> Panache.getSession().flatMap(session -> session.createMutationQuery("""
                                update Redemption set identityProvider = null, identitySubject = null where contactId = :contactId""")
                        .setParameter("contactId", contact.id).executeUpdate()))
                // A mail server's refusal may quote the address it refused.
                .chain(() -> Panache.getSession().flatMap(session -> session.createMutationQuery("""
                                update InvitedContact set deliveryFailure = null where contactId = :contactId""")
                        .setParameter("contactId", contact.id).executeUpdate()))
                .chain(() -> scrubOutbox(contact.id))
                .chain(() -> outbox.append(Topics.CONTACT_ERASED, contact.id.toString(), EventTypes.CONTACT_ERASED, eventId,
                        new ContactErased(eventId, contact.id, now)))
                .invoke(() -> Log.infof("Erased contact %s (event %s)", contact.id, eventId));
    }

    private Uni<Void> scrubOutbox(UUID contactId) {
        return Multi.createFrom().iterable(OUTBOX_SCRUBS)
                .onItem().transformToUniAndConcatenate(scrub -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery(scrub.statement())
                                .setParameter("eventType", scrub.eventType())
                                .setParameter("contactId", contactId.toString())
                                .executeUpdate()))
                .collect().last()
                .replaceWithVoid();
    }
}
