package dev.invitations.invitationservice.contact;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.invitationservice.Page;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class ContactService {

    private static final String BY_ANY_EMAIL = """
            lower(emailAddress1) = lower(:email) or lower(emailAddress2) = lower(:email) or lower(emailAddress3) = lower(:email)""";

    /** Part of the full name, case-insensitive; the typed text's wildcards are escaped, so it matches only itself. */
    private static final String BY_NAME = "lower(fullName) like :name escape '!'";

    private static final String NOT_ERASED = "erasedAt is null";

    private static final String BY_IDENTITY = """
            id in (select i.contactId from ContactIdentity i where i.provider = :provider and i.subject = :subject)""";

    @WithTransaction
    public Uni<ContactResponse> create(ContactRequest request) {
        Contact contact = new Contact();
        contact.id = UUID.randomUUID();
        contact.createdAt = Instant.now();
        return refuseTakenPrimaryAddress(request.emailAddress1(), contact.id)
                .flatMap(free -> apply(contact, request).persist())
                .invoke(() -> Log.infof("Created contact %s", contact.id))
                .map(saved -> ContactResponse.of(contact, List.of()));
    }

    @WithTransaction
    public Uni<ContactResponse> update(UUID id, ContactRequest request) {
        return find(id)
                .call(contact -> refuseTakenPrimaryAddress(request.emailAddress1(), id))
                .map(contact -> apply(contact, request))
                .flatMap(contact -> withIdentities(List.of(contact))).map(contacts -> contacts.get(0));
    }

    @WithSession
    public Uni<ContactResponse> get(UUID id) {
        return find(id).flatMap(contact -> withIdentities(List.of(contact))).map(contacts -> contacts.get(0));
    }

    /**
     * Lists contacts, oldest first, filtered by part of the name, by an address (any of the three, case-insensitive) and
     * by a linked portal login, when given. The name filter scans the table (no trigram index: the databases here may
     * not offer pg_trgm), which is fine for the operator's search box at tens of thousands of contacts.
     */
    @WithSession
    public Uni<Page<ContactResponse>> search(String name, String email, String identityProvider, String identitySubject, int page, int size) {
        if ((identityProvider == null) != (identitySubject == null)) {
            String missing = identityProvider == null ? "identityProvider" : "identitySubject";
            return Uni.createFrom().failure(ProblemException.badRequest(missing,
                    "identityProvider and identitySubject find a contact together; give both"));
        }
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (name != null && !name.isBlank()) {
            conditions.add(BY_NAME);
            parameters.and("name", "%" + name.strip().toLowerCase(Locale.ROOT).replaceAll("[!%_]", "!$0") + "%");
        }
        if (email != null) {
            conditions.add("(" + BY_ANY_EMAIL + ")");
            parameters.and("email", email);
        }
        if (identityProvider != null) {
            conditions.add(BY_IDENTITY);
            parameters.and("provider", identityProvider).and("subject", identitySubject);
        }
        conditions.add(NOT_ERASED);
        PanacheQuery<Contact> query = Contact.<Contact>find(String.join(" and ", conditions),
                Sort.by("createdAt").and("id"), parameters).page(page, size);
        return query.list().flatMap(contacts -> query.count()
                .flatMap(total -> withIdentities(contacts).map(items -> new Page<>(items, page, size, total))));
    }

    /** Loads the contacts with these ids that exist and are not erased; runs in the caller's session. */
    public Uni<Map<UUID, Contact>> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Contact.<Contact>list("id in ?1 and " + NOT_ERASED, ids)
                .map(contacts -> contacts.stream().collect(Collectors.toMap(c -> c.id, c -> c)));
    }

    /** An erased contact is gone as far as the API is concerned: only erasing it again answers as if it were there. */
    private Uni<Contact> find(UUID id) {
        return Contact.<Contact>find("id = ?1 and " + NOT_ERASED, id).<Contact>firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No contact with id " + id));
    }

    /** The contacts as responses, with their linked logins read in one query. */
    private Uni<List<ContactResponse>> withIdentities(List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ContactIdentity.<ContactIdentity>list("contactId in ?1 order by linkedAt", contacts.stream().map(c -> c.id).toList())
                .map(identities -> {
                    Map<UUID, List<ContactIdentity>> byContact = identities.stream()
                            .collect(Collectors.groupingBy(identity -> identity.contactId));
                    return contacts.stream().map(c -> ContactResponse.of(c, byContact.getOrDefault(c.id, List.of()))).toList();
                });
    }

    /** The unique index is the backstop for races; this check gives the usual case a message naming the other contact. */
    private Uni<Void> refuseTakenPrimaryAddress(String email, UUID contactId) {
        if (email == null) {
            return Uni.createFrom().voidItem();
        }
        return Contact.<Contact>find("lower(emailAddress1) = lower(?1) and id <> ?2", email, contactId).<Contact>firstResult()
                .invoke(holder -> {
                    if (holder != null) {
                        throw new ProblemException(Status.CONFLICT,
                                "emailAddress1: contact " + holder.id + " already has this primary address",
                                List.of(new Problem.FieldError("emailAddress1", "already the primary address of contact " + holder.id)));
                    }
                })
                .replaceWithVoid();
    }

    private static Contact apply(Contact contact, ContactRequest request) {
        contact.fullName = request.fullName().strip();
        contact.emailAddress1 = request.emailAddress1();
        contact.emailAddress2 = request.emailAddress2();
        contact.emailAddress3 = request.emailAddress3();
        contact.locale = request.locale();
        contact.updatedAt = Instant.now();
        return contact;
    }
}
