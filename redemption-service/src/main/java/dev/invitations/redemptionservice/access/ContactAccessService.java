package dev.invitations.redemptionservice.access;

import dev.invitations.redemptionservice.ReadSnapshot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ContactAccessService {

    private static final String ROLES_OF_CONTACT = """
            select new dev.invitations.redemptionservice.access.WebRoleRef(role.id, role.name)
            from ContactWebRole held join WebRole role on role.id = held.webRoleId
            where held.contactId = :contactId
            order by lower(role.name), role.id""";

    @WithTransaction
    public Uni<ContactAccessView> accessOf(UUID contactId) {
        return ReadSnapshot.begin()
                .flatMap(snapshot -> ContactAccess.<ContactAccess>findById(contactId))
                .flatMap(access -> Panache.getSession()
                        .flatMap(session -> session.createSelectionQuery(ROLES_OF_CONTACT, WebRoleRef.class)
                                .setParameter("contactId", contactId)
                                .getResultList())
                        .map(roles -> new ContactAccessView(contactId, access == null ? null : access.parentAccountId, roles)));
    }
}
