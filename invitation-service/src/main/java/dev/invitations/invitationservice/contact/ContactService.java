package dev.invitations.invitationservice.contact;

import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.invitationservice.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
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

    private static final String BY_IDENTITY = """
            id in (select i.contactId from ContactIdentity i where i.provider = :provider and i.subject = :subject)""";

    // A registrant may race another request creating the same primary address; the unique index picks one winner
    // and the loser reads the winner's row instead of failing.
    private static final String INSERT_IF_ADDRESS_FREE = """
            insert into contact (id, full_name, email_address1, created_at, updated_at)
            values (:id, :fullName, :email, :now, :now) on conflict do nothing""";

    private static final String LINK_IDENTITY = """
            insert into contact_identity (provider, subject, contact_id, linked_at) values (:provider, :subject, :contactId, :now)
            on conflict (provider, subject) do nothing""";

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
        PanacheQuery<Contact> query = Contact.<Contact>find(conditions.isEmpty() ? "from Contact" : String.join(" and ", conditions),
                Sort.by("createdAt").and("id"), parameters).page(page, size);
        return query.list().flatMap(contacts -> query.count()
                .flatMap(total -> withIdentities(contacts).map(items -> new Page<>(items, page, size, total))));
    }

    /** Loads the contacts with these ids that exist; runs in the caller's session. */
    public Uni<Map<UUID, Contact>> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Contact.<Contact>list("id in ?1", ids)
                .map(contacts -> contacts.stream().collect(Collectors.toMap(c -> c.id, c -> c)));
    }

    /**
     * The contact whose primary address this is, created with this name when {@code createIfAbsent} and
     * nobody has the address yet. Runs in the caller's transaction, so a redemption that fails leaves no contact behind.
     */
    public Uni<Contact> findOrCreateByPrimaryEmail(String fullName, String email, boolean createIfAbsent) {
        Uni<Integer> created = createIfAbsent
                ? Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT_IF_ADDRESS_FREE)
                        .setParameter("id", UUID.randomUUID())
                        .setParameter("fullName", fullName)
                        .setParameter("email", email)
                        .setParameter("now", Instant.now())
                        .executeUpdate())
                : Uni.createFrom().item(0);
        return created.flatMap(inserted -> Contact.<Contact>find("lower(emailAddress1) = lower(?1)", email).firstResult());
    }

    /** The contact this portal login is linked to, or null; runs in the caller's session. */
    public Uni<Contact> findByIdentity(String provider, String subject) {
        return Contact.<Contact>find(BY_IDENTITY, Parameters.with("provider", provider).and("subject", subject)).firstResult();
    }

    /**
     * Links a portal login to the contact, once; runs in the caller's transaction. False when the login is already
     * linked to another contact, which is left as it is: a login is one person.
     */
    public Uni<Boolean> linkIdentity(UUID contactId, String provider, String subject) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(LINK_IDENTITY)
                        .setParameter("provider", provider)
                        .setParameter("subject", subject)
                        .setParameter("contactId", contactId)
                        .setParameter("now", Instant.now())
                        .executeUpdate())
                .flatMap(inserted -> ContactIdentity.<ContactIdentity>find("provider = ?1 and subject = ?2", provider, subject)
                        .<ContactIdentity>firstResult())
                .map(linked -> linked.contactId.equals(contactId));
    }

    private Uni<Contact> find(UUID id) {
        return Contact.<Contact>findById(id)
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
