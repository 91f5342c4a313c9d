package dev.invitations.invitationservice.redemption;

import static dev.invitations.invitationservice.redemption.RedemptionProblem.ALREADY_REDEEMED_BY_YOU;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.EMAIL_DOES_NOT_MATCH;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.EMAIL_NOT_VERIFIED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_EXPIRED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_FOR_ANOTHER_PERSON;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_MAXIMUM_REACHED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_REDEEMED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_REVOKED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.LOGIN_LINKED_TO_ANOTHER_CONTACT;

import dev.invitations.commons.outbox.Outbox;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.contact.Contact;
import dev.invitations.invitationservice.contact.ContactService;
import dev.invitations.invitationservice.invitation.Invitation;
import dev.invitations.invitationservice.invitation.InvitedContact;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Redeems invitations, exactly once per allowed redemption however many redeemers race: the database decides, through
 * a conditional update of the invitation's counter and the redemption table's key, never application memory.
 */
@ApplicationScoped
public class RedemptionService {

    // The row lock this update takes queues concurrent redeemers of one invitation; each re-checks the condition on the
    // row as the previous one committed it, so the count can never pass the maximum.
    private static final String CLAIM = """
            update invitation set redemption_count = redemption_count + 1
            where id = :id and revoked_at is null and redemption_count < max_redemptions
              and (expires_at is null or expires_at > now())
            returning redemption_count""";

    private static final String RECORD = """
            insert into redemption (invitation_id, contact_id, redeemed_at, identity_provider, identity_subject)
            values (:invitationId, :contactId, :redeemedAt, :provider, :subject)
            on conflict (invitation_id, contact_id) do nothing""";

    private final ContactService contacts;
    private final InvitationByCode invitations;
    private final Outbox outbox;

    public RedemptionService(ContactService contacts, InvitationByCode invitations, Outbox outbox) {
        this.contacts = contacts;
        this.invitations = invitations;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<RedeemResponse> redeem(InvitationCodeRequest request, PortalLogin login) {
        Instant now = Instant.now();
        return invitations.find(request.code())
                .invoke(invitation -> refuseIfClosed(invitation, now))
                .flatMap(invitation -> redeemer(invitation, login)
                        .flatMap(contact -> claim(invitation, contact, login, now)));
    }

    /**
     * The contact the login redeems as: the one it is already linked to, or else the contact whose primary address is
     * the login's verified email (created for a GROUP invitation when nobody has it). An unverified or absent email
     * matches nobody, so holding a code never lets anyone act as another person's contact. SINGLE: only the invited
     * contact redeems.
     */
    private Uni<Contact> redeemer(Invitation invitation, PortalLogin login) {
        boolean group = invitation.type == InvitationType.GROUP;
        Uni<Contact> redeemer = contacts.findByIdentity(login.issuer(), login.subject())
                .flatMap(linked -> {
                    if (linked != null) {
                        return Uni.createFrom().item(linked);
                    }
                    if (login.verifiedEmail() == null) {
                        return Uni.createFrom().failure(EMAIL_NOT_VERIFIED.refusal("Your login has no verified email "
                                + "address, so it cannot be matched to a contact; verify your email at the sign-in provider, "
                                + "then redeem again"));
                    }
                    return contacts.findOrCreateByPrimaryEmail(login.fullNameForNewContact(), login.verifiedEmail(), group);
                });
        if (group) {
            return redeemer;
        }
        return redeemer.flatMap(contact -> InvitedContact.<InvitedContact>find("invitationId", invitation.id).<InvitedContact>firstResult()
                .invoke(invited -> {
                    if (contact == null) {
                        throw EMAIL_DOES_NOT_MATCH.refusal("Your verified email address is not the one this invitation was "
                                + "sent to: sign in with the login, or the verified email address, of the contact it was sent to");
                    }
                    if (!invited.contactId.equals(contact.id)) {
                        throw INVITATION_FOR_ANOTHER_PERSON.refusal("This invitation is for another person: sign in with "
                                + "the login, or the verified email address, of the contact it was sent to");
                    }
                })
                .replaceWith(contact));
    }

    private Uni<RedeemResponse> claim(Invitation invitation, Contact contact, PortalLogin login, Instant now) {
        return countRedemption(invitation, now)
                .call(count -> recordRedeemer(invitation, contact, login, now))
                .call(count -> linkLogin(contact, login))
                .call(count -> announce(invitation, contact, count, now))
                .invoke(count -> Log.infof("Invitation %s redeemed by contact %s (%d of %d)", invitation.id, contact.id, count,
                        invitation.maxRedemptions))
                .map(count -> new RedeemResponse(invitation.id, contact.id, count));
    }

    /** The conditional update: the new count, or the reason why the invitation takes no more redemptions. */
    private Uni<Integer> countRedemption(Invitation invitation, Instant now) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM, Integer.class)
                        .setParameter("id", invitation.id)
                        .getSingleResultOrNull())
                .flatMap(count -> count != null ? Uni.createFrom().item(count) : whyNotClaimed(invitation, now));
    }

    private Uni<Void> recordRedeemer(Invitation invitation, Contact contact, PortalLogin login, Instant now) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(RECORD)
                        .setParameter("invitationId", invitation.id)
                        .setParameter("contactId", contact.id)
                        .setParameter("redeemedAt", now)
                        .setParameter("provider", login.issuer())
                        .setParameter("subject", login.subject())
                        .executeUpdate())
                .invoke(recorded -> {
                    if (recorded == 0) {
                        throw ALREADY_REDEEMED_BY_YOU.refusal("Contact " + contact.id + " has already redeemed this invitation");
                    }
                })
                .replaceWithVoid();
    }

    /** The portal would otherwise find two people behind one login. */
    private Uni<Void> linkLogin(Contact contact, PortalLogin login) {
        return contacts.linkIdentity(contact.id, login.issuer(), login.subject())
                .invoke(linked -> {
                    if (!linked) {
                        throw LOGIN_LINKED_TO_ANOTHER_CONTACT.refusal("This portal login is already linked to another "
                                + "contact; redeem as that contact or sign in with another login");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> announce(Invitation invitation, Contact contact, int count, Instant now) {
        InvitationRedeemed event = new InvitationRedeemed(UUID.randomUUID(), invitation.id, invitation.name, invitation.type,
                new InvitationRedeemed.RedeemingContact(contact.id, contact.fullName, contact.emailAddress1),
                invitation.assignToAccountId, List.of(invitation.webRoleIds), invitation.workflowId, count,
                invitation.maxRedemptions, now);
        return outbox.append(Topics.INVITATION_REDEEMED, invitation.id.toString(), EventTypes.INVITATION_REDEEMED,
                event.eventId(), event);
    }

    /** The claim matched nothing: the row as committed now says why (it changed since it was first read). */
    private Uni<Integer> whyNotClaimed(Invitation invitation, Instant now) {
        return Panache.getSession()
                .flatMap(session -> session.refresh(invitation))
                .invoke(() -> refuseIfClosed(invitation, now))
                .map(refreshed -> {
                    throw ProblemException.conflict("The invitation could not be redeemed; read it and retry");
                });
    }

    private static void refuseIfClosed(Invitation invitation, Instant now) {
        switch (Redeemability.of(invitation, now)) {
            case REVOKED -> throw INVITATION_REVOKED.refusal("This invitation was revoked and can no longer be redeemed");
            case EXPIRED -> throw INVITATION_EXPIRED.refusal("This invitation expired at " + invitation.expiresAt
                    + " and can no longer be redeemed");
            case REDEEMED -> throw INVITATION_REDEEMED.refusal("This invitation has already been redeemed");
            case MAXIMUM_REACHED -> throw INVITATION_MAXIMUM_REACHED.refusal("This invitation has reached its maximum of "
                    + invitation.maxRedemptions + " redemptions");
            case REDEEMABLE -> { }
        }
    }
}
