package dev.invitations.invitationservice.contact;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record ContactResponse(
        UUID id,
        String fullName,
        String emailAddress1,
        String emailAddress2,
        String emailAddress3,
        String locale,
        List<Identity> identities,
        Instant createdAt,
        Instant updatedAt) {

    /** A portal login linked to this contact when it redeemed an invitation. */
    public record Identity(String provider, String subject, Instant linkedAt) {
    }

    static ContactResponse of(Contact contact, List<ContactIdentity> identities) {
        return new ContactResponse(contact.id, contact.fullName, contact.emailAddress1, contact.emailAddress2,
                contact.emailAddress3, contact.locale,
                identities.stream().map(i -> new Identity(i.provider, i.subject, i.linkedAt)).toList(),
                contact.createdAt, contact.updatedAt);
    }
}
