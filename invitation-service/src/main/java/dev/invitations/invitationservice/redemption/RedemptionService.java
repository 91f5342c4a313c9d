package dev.invitations.invitationservice.redemption;

import static dev.invitations.invitationservice.redemption.RedemptionProblem.ALREADY_REDEEMED_BY_YOU;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.EMAIL_DOES_NOT_MATCH;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.EMAIL_DOMAIN_NOT_ALLOWED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.EMAIL_NOT_VERIFIED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_EXPIRED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_FOR_ANOTHER_PERSON;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_MAXIMUM_REACHED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_NOT_FOUND;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_REDEEMED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.INVITATION_REVOKED;
import static dev.invitations.invitationservice.redemption.RedemptionProblem.LOGIN_LINKED_TO_ANOTHER_CONTACT;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.commons.tracing.Traceparents;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.invitation.CodeSecrets;
import dev.invitations.invitationservice.redemption.RedemptionThrottle.Attempt;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.UUID;

/**
 * Redeems invitations in one statement, one round trip to PostgreSQL: it finds the invitation by its code's lookup
 * hash, works out the contact the login redeems as, claims a redemption under every rule, and records it, links the
 * login and appends the {@code InvitationRedeemed} outbox row, all or nothing. Only a refusal reads the database
 * again, to say why. Exactly once per allowed redemption however many redeemers race: the invitation's row lock and the
 * tables' keys decide, never application memory.
 */
@ApplicationScoped
public class RedemptionService {

    /**
     * The redemption. Parameters: $1 the code's lookup hash, $2 and $3 the login (issuer, subject), $4 its verified
     * email or null, $5 a new contact's name, $6 a new contact's id, $7 the event id, $8 the time of redemption, $9 the
     * topic, $10 the event type, $11 the time as the event's JSON writes it (sent as text and parsed here: the
     * client would quote a jsonb parameter's string once more), $12 the throttle keys of the attempt, $13 the trace
     * the redemption call runs in (W3C traceparent, or null), which the event continues (docs/architecture.md, "Traces").
     *
     * <p>The update's row lock queues concurrent redeemers of one invitation; each re-checks the count on the row as
     * the previous one committed it, so the count never passes the maximum (and a check constraint backs that). The
     * other conditions were read before the lock, so a concurrent redemption by the same contact, a concurrent link of
     * the same login or a concurrent registrant with the same address ends in a unique violation of the redemption's,
     * the login's or the primary address's key, and the whole statement is undone: {@link #afterRace} settles it.
     *
     * <p>Sub-statements of one statement cannot see each other's writes, so the redeemer's name and address travel
     * through the CTEs rather than being read back. The event's JSON is built here because the invitation's and the
     * contact's fields are only known inside the statement; it is the form {@code EventJson} writes (nulls left out),
     * which {@code RedemptionTest} holds it to.
     */
    private static final String REDEEM = """
            with known_redeemer as (
                select c.id, c.full_name, c.email_address1, true as linked
                from contact_identity l join contact c on c.id = l.contact_id
                where l.provider = $2::text and l.subject = $3::text
                union all
                select c.id, c.full_name, c.email_address1, false
                from contact c
                where lower(c.email_address1) = lower($4::text)
                  and not exists (select from contact_identity where provider = $2::text and subject = $3::text)
            ),
            claimed as (
                update invitation i set redemption_count = i.redemption_count + 1
                where i.code_hash = $1
                  and i.revoked_at is null
                  and (i.expires_at is null or i.expires_at > $8::timestamptz)
                  and i.redemption_count < i.max_redemptions
                  and case i.type
                        when 'SINGLE' then exists (select from known_redeemer r join invited_contact v on v.contact_id = r.id
                                                   where v.invitation_id = i.id)
                        else exists (select from known_redeemer) or $4::text is not null
                      end
                  and not exists (select from known_redeemer r join redemption d on d.contact_id = r.id
                                  where d.invitation_id = i.id)
                  and not exists (select %s)
                  and %s
                returning i.id, i.name, i.type, i.assign_to_account_id, i.web_role_ids, i.workflow_id, i.redemption_count,
                          i.max_redemptions
            ),
            registered as (
                insert into contact (id, full_name, email_address1, created_at, updated_at)
                select $6::uuid, $5::text, $4::text, $8::timestamptz, $8::timestamptz
                from claimed where not exists (select from known_redeemer)
                returning id, full_name, email_address1
            ),
            redeemer as (
                select id, full_name, email_address1, linked from known_redeemer
                union all
                select id, full_name, email_address1, false from registered
            ),
            linked as (
                insert into contact_identity (provider, subject, contact_id, linked_at)
                select $2::text, $3::text, r.id, $8::timestamptz from claimed, redeemer r where not r.linked
            ),
            recorded as (
                insert into redemption (invitation_id, contact_id, redeemed_at, identity_provider, identity_subject)
                select c.id, r.id, $8::timestamptz, $2::text, $3::text from claimed c, redeemer r
            ),
            announced as (
                insert into outbox_event (id, topic, message_key, event_type, payload, created_at, traceparent)
                select $7::uuid, $9::text, c.id::text, $10::text, jsonb_strip_nulls(jsonb_build_object(
                           'eventId', $7::uuid, 'invitationId', c.id, 'invitationName', c.name, 'type', c.type,
                           'contact', jsonb_build_object('id', r.id, 'fullName', r.full_name, 'email', r.email_address1),
                           'accountId', c.assign_to_account_id, 'webRoleIds', to_jsonb(c.web_role_ids),
                           'workflowId', c.workflow_id, 'redemptionCount', c.redemption_count,
                           'maxRedemptions', c.max_redemptions, 'redeemedAt', $11::text::jsonb))::text,
                       $8::timestamptz, $13::varchar
                from claimed c, redeemer r
            )
            select c.id as invitation_id, r.id as contact_id, c.redemption_count, c.max_redemptions
            from claimed c, redeemer r""".formatted(RedemptionThrottle.blockingRows("$12::text[]"),
            emailDomainAllowed("coalesce($4::text, (select email_address1 from known_redeemer where linked))"));

    /**
     * What a refused redemption is explained by, read as committed now: the invitation, the contact the login is
     * linked to, the contact its verified email names, and whether the redeemer (the linked contact, else the one by
     * email) is invited to or has already redeemed the invitation. Same parameters as {@link #REDEEM}'s first four.
     */
    private static final String FACTS = """
            select i.id, i.type, i.revoked_at, i.expires_at, i.redemption_count, i.max_redemptions, i.allowed_email_domains,
                   coalesce(%s, false) as email_domain_allowed,
                   l.contact_id as linked_contact, e.id as email_contact,
                   exists (select from invited_contact v
                           where v.invitation_id = i.id and v.contact_id = coalesce(l.contact_id, e.id)) as invited,
                   exists (select from redemption d
                           where d.invitation_id = i.id and d.contact_id = coalesce(l.contact_id, e.id)) as redeemed
            from (values (1)) as one
            left join invitation i on i.code_hash = $1
            left join contact_identity l on l.provider = $2::text and l.subject = $3::text
            left join contact linked on linked.id = l.contact_id
            left join contact e on lower(e.email_address1) = lower($4::text)""".formatted(
            emailDomainAllowed("coalesce($4::text, linked.email_address1)"));

    /**
     * Whether the redeemer's address is at one of invitation {@code i}'s allowed email domains, or the invitation allows
     * any. The domain is everything after the address's last {@code @}; it must equal an allowed one exactly (the
     * domains are stored lower-cased, the address is lower-cased here): a subdomain is a domain of its own, as an
     * organisation's {@code example.org} says nothing about who controls {@code mail.example.org}. The address is the
     * token's verified email; a login already linked to a contact whose token has none is judged by that contact's
     * primary address. No address at all: not allowed.
     */
    private static String emailDomainAllowed(String address) {
        return "(i.allowed_email_domains is null or lower(substring(%s from '@([^@]+)$')) = any(i.allowed_email_domains))"
                .formatted(address);
    }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String LOGIN_KEY = "contact_identity_pkey";

    private final Pool database;
    private final CodeSecrets secrets;
    private final RedemptionThrottle throttle;

    public RedemptionService(Pool database, CodeSecrets secrets, RedemptionThrottle throttle) {
        this.database = database;
        this.secrets = secrets;
        this.throttle = throttle;
    }

    /** Redeems the code as the login, unless the attempt's throttle keys are blocked (429). */
    Uni<RedeemResponse> redeem(String code, PortalLogin login, Attempt attempt) {
        Claim claim = new Claim(secrets.lookupHash(code), login, attempt, Instant.now().truncatedTo(ChronoUnit.MICROS));
        return execute(claim)
                .onFailure(RedemptionService::isUniqueViolation).recoverWithUni(race -> afterRace(claim, (PgException) race));
    }

    private Uni<RedeemResponse> execute(Claim claim) {
        return database.preparedQuery(REDEEM).execute(claim.parameters())
                .flatMap(rows -> {
                    Iterator<Row> redeemed = rows.iterator();
                    return redeemed.hasNext() ? Uni.createFrom().item(redeemed(redeemed.next())) : refuse(claim);
                });
    }

    /**
     * A concurrent request committed what this statement's reads had not seen. A login linked meanwhile to a contact
     * other than the one its email names is refused, as a login is one person; anything else (the same contact
     * redeeming twice at once, the same login linked twice, two registrants with one address) is settled by running
     * the statement once more, which now sees the other's result: it redeems, or explains the refusal.
     */
    private Uni<RedeemResponse> afterRace(Claim claim, PgException race) {
        Uni<Void> checked = !LOGIN_KEY.equals(race.getConstraint()) ? Uni.createFrom().voidItem()
                : facts(claim).invoke(facts -> {
                    if (facts.linkedContact() != null && !facts.linkedContact().equals(facts.emailContact())) {
                        throw LOGIN_LINKED_TO_ANOTHER_CONTACT.refusal("This portal login is already linked to another "
                                + "contact; redeem as that contact or sign in with another login");
                    }
                }).replaceWithVoid();
        return checked.chain(() -> execute(claim))
                .onFailure(RedemptionService::isUniqueViolation).transform(again -> ProblemException.conflict(
                        "The invitation could not be redeemed because of a simultaneous redemption; try again"));
    }

    private static RedeemResponse redeemed(Row row) {
        RedeemResponse redeemed = new RedeemResponse(row.getUUID("invitation_id"), row.getUUID("contact_id"),
                row.getInteger("redemption_count"));
        int maximum = row.getInteger("max_redemptions");
        // Operators follow invitations, not each redemption (which the redemption table and the event record): a line
        // per redemption at INFO cost a synchronous console write on every call under load.
        if (redeemed.redemptionCount() == maximum) {
            Log.infof("Invitation %s reached its maximum of %d redemption(s)", redeemed.invitationId(), maximum);
        } else {
            Log.debugf("Invitation %s redeemed by contact %s (%d of %d)", redeemed.invitationId(), redeemed.contactId(),
                    redeemed.redemptionCount(), maximum);
        }
        return redeemed;
    }

    /** The statement claimed nothing: the throttle, then the rows as committed now, say why, in the order of the rules. */
    private Uni<RedeemResponse> refuse(Claim claim) {
        return throttle.refuseIfBlocked(claim.attempt())
                .chain(() -> facts(claim))
                .map(facts -> {
                    throw facts.refusal(claim.login(), claim.at());
                });
    }

    private Uni<Facts> facts(Claim claim) {
        return database.preparedQuery(FACTS).execute(claim.factParameters())
                .map(RowSet::iterator)
                .map(rows -> Facts.of(rows.next()));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException e && UNIQUE_VIOLATION.equals(e.getSqlState());
    }

    /** One redemption attempt: the same event id and time if the statement has to run again after a race. */
    private record Claim(byte[] codeHash, PortalLogin login, Attempt attempt, Instant at, UUID eventId, UUID newContactId,
                         String traceparent) {

        Claim(byte[] codeHash, PortalLogin login, Attempt attempt, Instant at) {
            this(codeHash, login, attempt, at, UUID.randomUUID(), UUID.randomUUID(), Traceparents.current());
        }

        Tuple parameters() {
            String email = login.verifiedEmail();
            return factParameters()
                    .addValue(email == null ? null : login.fullNameForNewContact())
                    .addUUID(newContactId)
                    .addUUID(eventId)
                    .addOffsetDateTime(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .addString(Topics.INVITATION_REDEEMED)
                    .addString(EventTypes.INVITATION_REDEEMED)
                    .addString(json(at))
                    .addArrayOfString(attempt.keyValues())
                    .addString(traceparent);
        }

        Tuple factParameters() {
            return Tuple.tuple()
                    .addBuffer(Buffer.buffer(codeHash))
                    .addString(login.issuer())
                    .addString(login.subject())
                    .addString(login.verifiedEmail());
        }

        /** The time as EventJson writes an Instant, so that the event reads back as the record would have written it. */
        private static String json(Instant at) {
            try {
                return EventJson.mapper().writeValueAsString(at);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("An Instant is always written as JSON", e);
            }
        }
    }

    /** The row {@link #FACTS} reads. */
    private record Facts(UUID invitationId, InvitationType type, Instant revokedAt, Instant expiresAt, int redemptionCount,
            int maxRedemptions, String[] allowedEmailDomains, boolean emailDomainAllowed, UUID linkedContact,
            UUID emailContact, boolean invited, boolean redeemed) {

        static Facts of(Row row) {
            UUID invitation = row.getUUID("id");
            if (invitation == null) {
                return new Facts(null, null, null, null, 0, 0, null, true, row.getUUID("linked_contact"),
                        row.getUUID("email_contact"), false, false);
            }
            return new Facts(invitation, InvitationType.valueOf(row.getString("type")), instant(row, "revoked_at"),
                    instant(row, "expires_at"), row.getInteger("redemption_count"), row.getInteger("max_redemptions"),
                    row.getArrayOfStrings("allowed_email_domains"), row.getBoolean("email_domain_allowed"),
                    row.getUUID("linked_contact"), row.getUUID("email_contact"), row.getBoolean("invited"),
                    row.getBoolean("redeemed"));
        }

        private static Instant instant(Row row, String column) {
            OffsetDateTime value = row.getOffsetDateTime(column);
            return value == null ? null : value.toInstant();
        }

        /**
         * Why the redemption was refused: the code; then whether this redeemer already redeemed it, before anything
         * else, so that a caller who lost the answer of a redemption that went through (a connection cut at a
         * restart) learns so when trying again, whether the invitation has since reached its maximum, been revoked
         * or expired; then the invitation's state and who redeems. Nothing of it, when the rows changed again since
         * the statement ran.
         */
        ProblemException refusal(PortalLogin login, Instant now) {
            if (invitationId == null) {
                return INVITATION_NOT_FOUND.refusal("No invitation has this code; check that it was copied whole");
            }
            UUID redeemer = linkedContact != null ? linkedContact : emailContact;
            if (redeemed) {
                return ALREADY_REDEEMED_BY_YOU.refusal("Contact " + redeemer + " has already redeemed this invitation");
            }
            switch (Redeemability.of(type, revokedAt, expiresAt, redemptionCount, maxRedemptions, now)) {
                case REVOKED -> {
                    return INVITATION_REVOKED.refusal("This invitation was revoked and can no longer be redeemed");
                }
                case EXPIRED -> {
                    return INVITATION_EXPIRED.refusal("This invitation expired at " + expiresAt
                            + " and can no longer be redeemed");
                }
                case REDEEMED -> {
                    return INVITATION_REDEEMED.refusal("This invitation has already been redeemed");
                }
                case MAXIMUM_REACHED -> {
                    return INVITATION_MAXIMUM_REACHED.refusal("This invitation has reached its maximum of "
                            + maxRedemptions + " redemptions");
                }
                case REDEEMABLE -> { }
            }
            if (linkedContact == null && login.verifiedEmail() == null) {
                return EMAIL_NOT_VERIFIED.refusal("Your login has no verified email address, so it cannot be matched to a "
                        + "contact; verify your email at the sign-in provider, then redeem again");
            }
            if (!emailDomainAllowed) {
                return EMAIL_DOMAIN_NOT_ALLOWED.refusal("This invitation is open only to email addresses at "
                        + String.join(", ", allowedEmailDomains) + "; sign in with a verified address at one of them");
            }
            if (type == InvitationType.SINGLE && redeemer == null) {
                return EMAIL_DOES_NOT_MATCH.refusal("Your verified email address is not the one this invitation was sent "
                        + "to: sign in with the login, or the verified email address, of the contact it was sent to");
            }
            if (type == InvitationType.SINGLE && !invited) {
                return INVITATION_FOR_ANOTHER_PERSON.refusal("This invitation is for another person: sign in with the "
                        + "login, or the verified email address, of the contact it was sent to");
            }
            return ProblemException.conflict("The invitation could not be redeemed; read it and retry");
        }
    }
}
