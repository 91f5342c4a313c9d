package dev.invitations.invitationservice.invitation;

import dev.invitations.commons.outbox.Outbox;
import dev.invitations.commons.problem.Problem;
import dev.invitations.commons.problem.Problem.FieldError;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationCreated;
import dev.invitations.contract.InvitationExtended;
import dev.invitations.contract.InvitationRevoked;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.InvalidFields;
import dev.invitations.invitationservice.Page;
import dev.invitations.invitationservice.contact.Contact;
import dev.invitations.invitationservice.contact.ContactService;
import dev.invitations.invitationservice.invitation.InvitationResponse.InvitedContactView;
import dev.invitations.invitationservice.invitation.InvitationResponse.RedeemedContactView;
import dev.invitations.invitationservice.owner.OwnerChecks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class InvitationService {

    private static final String INVITED_CONTACTS = """
            select c.id, c.fullName, c.emailAddress1, ic.deliveryStatus, ic.deliveryStatusAt, ic.deliveryFailure, ic.remindersSent, c.erasedAt
            from InvitedContact ic join Contact c on c.id = ic.contactId
            where ic.invitationId = :invitationId order by ic.position""";

    private static final String REDEEMED_CONTACTS = """
            select c.id, c.fullName, c.emailAddress1, r.redeemedAt, r.identityProvider, r.identitySubject, c.erasedAt
            from Redemption r join Contact c on c.id = r.contactId
            where r.invitationId = :invitationId order by r.redeemedAt, c.id""";

    private static final String INVITED_OR_REDEEMED_BY = """
            (exists (from InvitedContact ic where ic.invitationId = i.id and ic.contactId = :contactId)
             or exists (from Redemption r where r.invitationId = i.id and r.contactId = :contactId))""";

    private final ContactService contacts;
    private final OwnerChecks ownerChecks;
    private final InvitationCodes codes;
    private final CodeSecrets secrets;
    private final Outbox outbox;

    public InvitationService(ContactService contacts, OwnerChecks ownerChecks, InvitationCodes codes, CodeSecrets secrets,
            Outbox outbox) {
        this.contacts = contacts;
        this.ownerChecks = ownerChecks;
        this.codes = codes;
        this.secrets = secrets;
        this.outbox = outbox;
    }

    /**
     * Checks the invitation's shape, then what other services own, and only then opens the transaction: a slow owner
     * must not hold a database connection, and an unreachable one leaves nothing stored.
     */
    public Uni<InvitationResponse> create(CreateInvitationRequest request) {
        return check(request).flatMap(checked -> store(request));
    }

    /** What {@link #create} checks before its transaction: the shape, then the records other services own. */
    public Uni<Void> check(CreateInvitationRequest request) {
        List<FieldError> shapeErrors = InvitationRules.shapeErrors(request);
        if (!shapeErrors.isEmpty()) {
            return Uni.createFrom().failure(InvalidFields.problem(shapeErrors));
        }
        return ownerChecks.verify(request.assignToAccountId(), request.webRoleIds(), request.workflowId());
    }

    /** The transaction of {@link #create}, for a request {@link #check} passed; joins the caller's transaction if any. */
    @WithTransaction
    public Uni<InvitationResponse> store(CreateInvitationRequest request) {
        Set<UUID> contactIds = new HashSet<>(request.invitedContactIds());
        if (request.inviterContactId() != null) {
            contactIds.add(request.inviterContactId());
        }
        return contacts.findAll(contactIds).flatMap(found -> {
            List<FieldError> errors = contactErrors(request, found);
            if (!errors.isEmpty()) {
                return Uni.createFrom().failure(InvalidFields.problem(errors));
            }
            // Truncated as PostgreSQL stores it, so that the event says the time the invitation reads back with.
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            String code = codes.next();
            Invitation invitation = newInvitation(request, code, now);
            List<InvitedContact> invited = new ArrayList<>();
            for (int i = 0; i < request.invitedContactIds().size(); i++) {
                InvitedContact row = new InvitedContact();
                row.invitationId = invitation.id;
                row.contactId = request.invitedContactIds().get(i);
                row.position = i;
                row.deliveryStatus = DeliveryStatus.NOT_SENT;
                invited.add(row);
            }
            List<Object> rows = new ArrayList<>(invited.size() + 1);
            rows.add(invitation);
            rows.addAll(invited);
            return Panache.getSession()
                    .flatMap(session -> session.persistAll(rows.toArray()))
                    .flatMap(persisted -> announceCreated(invitation, request.invitedContactIds()))
                    .invoke(() -> Log.infof("Created %s invitation %s for %d contact(s)", invitation.type, invitation.id, invited.size()))
                    .map(persisted -> InvitationResponse.of(invitation, invited.stream()
                            .map(row -> {
                                Contact contact = found.get(row.contactId);
                                return new InvitedContactView(contact.id, contact.fullName, contact.emailAddress1,
                                        DeliveryStatus.NOT_SENT, null, null, 0, null);
                            })
                            .toList(), List.of(), now).withCode(code));
        });
    }

    @WithSession
    public Uni<InvitationResponse> get(UUID id) {
        return find(id).flatMap(this::withContacts);
    }

    /** Revoking twice is harmless: the first revocation time stays, and only the revocation that changed the row is announced. */
    @WithTransaction
    public Uni<InvitationResponse> revoke(UUID id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Invitation.update("revokedAt = ?1 where id = ?2 and revokedAt is null", now, id)
                .flatMap(revoked -> {
                    if (revoked == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Log.infof("Revoked invitation %s", id);
                    UUID eventId = UUID.randomUUID();
                    return outbox.append(Topics.INVITATION_REVOKED, id.toString(), EventTypes.INVITATION_REVOKED, eventId,
                            new InvitationRevoked(eventId, id, now));
                })
                .flatMap(revoked -> find(id))
                .flatMap(this::withContacts);
    }

    /**
     * Moves the expiry, also of an invitation that has expired: it can then be sent and redeemed again, with the same
     * code. The row is locked first, so that of two concurrent changes each event names the expiry the other left.
     * The same expiry again changes nothing and publishes nothing.
     */
    @WithTransaction
    public Uni<InvitationResponse> extend(UUID id, Instant expiresAt) {
        return Invitation.<Invitation>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No invitation with id " + id))
                .call(invitation -> {
                    if (invitation.revokedAt != null) {
                        return Uni.createFrom().failure(new ProblemException(Problem.typeOf("invitation-revoked"), Status.GONE, "Invitation " + id
                                + " was revoked; a revoked invitation stays revoked, create a new one to invite again"));
                    }
                    if (Objects.equals(invitation.expiresAt, expiresAt)) {
                        return Uni.createFrom().voidItem();
                    }
                    Instant now = Instant.now();
                    InvitationExtended event = new InvitationExtended(UUID.randomUUID(), id, invitation.expiresAt, expiresAt, now);
                    invitation.expiresAt = expiresAt;
                    Log.infof("Invitation %s now expires %s (was %s)", id, expiresAt == null ? "never" : "at " + expiresAt,
                            event.previousExpiresAt() == null ? "never" : event.previousExpiresAt());
                    return outbox.append(Topics.INVITATION_EXTENDED, id.toString(), EventTypes.INVITATION_EXTENDED,
                            event.eventId(), event);
                })
                .flatMap(this::withContacts);
    }

    @WithSession
    public Uni<List<RedeemedContactView>> redemptions(UUID id) {
        return find(id).flatMap(invitation -> redeemedContacts(id));
    }

    @WithSession
    public Uni<Page<InvitationSummary>> list(InvitationStatus status, UUID contactId, int page, int size) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        Instant now = Instant.now();
        if (status != null) {
            conditions.add(status.condition());
            if (status.dependsOnTime()) {
                parameters.and("now", now);
            }
        }
        if (contactId != null) {
            conditions.add(INVITED_OR_REDEEMED_BY);
            parameters.and("contactId", contactId);
        }
        String query = "from Invitation i" + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions));
        var invitations = Invitation.<Invitation>find(query, Sort.descending("createdAt", "id"), parameters).page(page, size);
        return invitations.list().flatMap(found -> invitations.count()
                .map(total -> new Page<>(found.stream().map(i -> InvitationSummary.of(i, now)).toList(), page, size, total)));
    }

    /**
     * Contacts by id only, no code, no addresses: readers of the topic learn what was configured, not who is invited or
     * how to redeem. The contract's {@code workflowId} is a UUID while workflow ids are names (workflow-service's
     * {@code [A-Za-z0-9][A-Za-z0-9._-]*}), so it is left out rather than dropped for some ids and kept for others; the
     * contract needs it as a String, as {@code InvitationRedeemed} has it.
     */
    private Uni<Void> announceCreated(Invitation invitation, List<UUID> invitedContactIds) {
        UUID eventId = UUID.randomUUID();
        InvitationCreated created = new InvitationCreated(eventId, invitation.id, invitation.name, invitation.type,
                invitation.maxRedemptions, invitation.expiresAt, List.copyOf(invitedContactIds), invitation.inviterContactId,
                invitation.assignToAccountId, List.of(invitation.webRoleIds), invitation.workflowId, invitation.templateKey,
                invitation.createdAt);
        return outbox.append(Topics.INVITATION_CREATED, invitation.id.toString(), EventTypes.INVITATION_CREATED, eventId, created);
    }

    private Uni<Invitation> find(UUID id) {
        return Invitation.<Invitation>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No invitation with id " + id));
    }

    private Uni<InvitationResponse> withContacts(Invitation invitation) {
        return Panache.getSession()
                .flatMap(session -> session.createSelectionQuery(INVITED_CONTACTS, InvitedContactView.class)
                        .setParameter("invitationId", invitation.id)
                        .getResultList())
                .flatMap(invited -> redeemedContacts(invitation.id)
                        .map(redeemed -> InvitationResponse.of(invitation, invited, redeemed, Instant.now())));
    }

    private Uni<List<RedeemedContactView>> redeemedContacts(UUID invitationId) {
        return Panache.getSession()
                .flatMap(session -> session.createSelectionQuery(REDEEMED_CONTACTS, RedeemedContactView.class)
                        .setParameter("invitationId", invitationId)
                        .getResultList());
    }

    private Invitation newInvitation(CreateInvitationRequest request, String code, Instant now) {
        Invitation invitation = new Invitation();
        invitation.id = UUID.randomUUID();
        invitation.name = request.name().strip();
        invitation.type = request.type();
        invitation.codeHash = secrets.lookupHash(code);
        invitation.codeCiphertext = secrets.encrypt(invitation.id, code);
        invitation.ownerName = request.owner().name().strip();
        invitation.ownerEmail = request.owner().email();
        // As PostgreSQL keeps it (microseconds): the creation's answer and its event say what every later read says.
        invitation.expiresAt = request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);
        invitation.inviterContactId = request.inviterContactId();
        invitation.assignToAccountId = request.assignToAccountId();
        invitation.webRoleIds = request.webRoleIds() == null ? new UUID[0] : request.webRoleIds().toArray(UUID[]::new);
        invitation.workflowId = request.workflowId();
        invitation.templateKey = request.templateKey();
        invitation.maxRedemptions = InvitationRules.maxRedemptions(request);
        if (request.reminders() != null) {
            invitation.reminderAfterDays = request.reminders().afterDays();
            invitation.maxReminders = request.reminders().maxReminders();
        }
        List<String> domains = InvitationRules.allowedEmailDomains(request);
        invitation.allowedEmailDomains = domains == null ? null : domains.toArray(String[]::new);
        invitation.createdAt = now;
        return invitation;
    }

    private static List<FieldError> contactErrors(CreateInvitationRequest request, Map<UUID, Contact> found) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < request.invitedContactIds().size(); i++) {
            UUID id = request.invitedContactIds().get(i);
            Contact contact = found.get(id);
            if (contact == null) {
                errors.add(new FieldError("invitedContactIds[" + i + "]", "no contact " + id));
            } else if (contact.emailAddress1 == null) {
                errors.add(new FieldError("invitedContactIds[" + i + "]", "contact " + id
                        + " has no primary email address (emailAddress1), the only one invitations go to; add it first"));
            }
        }
        if (request.inviterContactId() != null && !found.containsKey(request.inviterContactId())) {
            errors.add(new FieldError("inviterContactId", "no contact " + request.inviterContactId()));
        }
        return errors;
    }
}
