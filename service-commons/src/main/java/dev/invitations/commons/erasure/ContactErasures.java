package dev.invitations.commons.erasure;

import dev.invitations.commons.inbox.EventReader;
import dev.invitations.commons.inbox.MalformedEventException;
import dev.invitations.commons.inbox.PolledBatchConsumer;
import dev.invitations.commons.inbox.ProcessedEvents;
import dev.invitations.contract.ContactErased;
import dev.invitations.contract.EventTypes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The consumer side of {@code contacts.erased}, the same in every service that keeps a copy of a contact's data: a
 * polled batch per transaction ({@link PolledBatchConsumer}: a database that is away is waited out, a record that
 * cannot be read is dead-lettered alone), in which the events' ids are recorded, the contacts are recorded as erased
 * ({@link ErasedContacts}) and the service's {@link ContactDataEraser} removes its copies. Only the eraser differs.
 */
@ApplicationScoped
public class ContactErasures {

    private final ProcessedEvents processedEvents;
    private final ErasedContacts erasedContacts;
    private final Validator validator;

    public ContactErasures(ProcessedEvents processedEvents, ErasedContacts erasedContacts, Validator validator) {
        this.processedEvents = processedEvents;
        this.erasedContacts = erasedContacts;
        this.validator = validator;
    }

    /** The consumer a service's {@code @Incoming("contacts-erased")} method hands its batches to. */
    public PolledBatchConsumer<ContactErased, Set<UUID>> consumer(ContactDataEraser eraser) {
        return new PolledBatchConsumer<>("contact erasures", new Handler(eraser), PolledBatchConsumer.Attempts.DEFAULT);
    }

    private final class Handler implements PolledBatchConsumer.Handler<ContactErased, Set<UUID>> {

        private final ContactDataEraser eraser;

        Handler(ContactDataEraser eraser) {
            this.eraser = eraser;
        }

        /** The contract record carries no constraints: what an erasure cannot do without is checked here. */
        @Override
        public ContactErased read(String payload) {
            ContactErased event = EventReader.read(payload, ContactErased.class, validator);
            if (event.eventId() == null || event.contactId() == null) {
                throw new MalformedEventException("ContactErased without eventId or contactId", null);
            }
            return event;
        }

        @Override
        public Uni<Set<UUID>> apply(List<ContactErased> events) {
            return Panache.withTransaction(() -> processedEvents.firstHandled(events, ContactErased::eventId, EventTypes.CONTACT_ERASED)
                    .flatMap(fresh -> {
                        Set<UUID> contactIds = new LinkedHashSet<>();
                        fresh.forEach(event -> contactIds.add(event.contactId()));
                        if (contactIds.isEmpty()) {
                            return Uni.createFrom().item(Set.<UUID>of());
                        }
                        return erasedContacts.record(contactIds)
                                .chain(() -> eraser.erase(contactIds))
                                .replaceWith(contactIds);
                    }));
        }

        @Override
        public void applied(List<ContactErased> events, Set<UUID> erased) {
            if (!erased.isEmpty()) {
                Log.infof("Erased the data of contact(s) %s", erased);
            }
        }

        @Override
        public String describe(ContactErased event) {
            return "ContactErased " + event.eventId() + " of contact " + event.contactId();
        }
    }
}
