package dev.invitations.commons.erasure;

import io.smallrye.mutiny.Uni;
import java.util.Set;
import java.util.UUID;

/** What a service holds of a contact and removes or pseudonymises when the contact is erased. */
@FunctionalInterface
public interface ContactDataEraser {

    /**
     * Runs inside the transaction that records the erasures ({@link ErasedContacts}) and the events' ids, so that a
     * redelivered ContactErased changes nothing and a crash leaves nothing half-erased. Contacts this service never
     * heard of are no error: there is nothing to erase.
     */
    Uni<Void> erase(Set<UUID> contactIds);
}
