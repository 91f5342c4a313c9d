package dev.invitations.invitationservice.sending;

import dev.invitations.commons.outbox.Outbox;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.InvitationServiceConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends invitations: one {@link InvitationSent} event per invited contact, written to the outbox with the send's
 * bookkeeping in one transaction. Sending works on sets of invitations, a chunk at a time, so that sending 10,000
 * takes a few statements per chunk rather than several per invitation.
 */
@ApplicationScoped
public class SendingService {

    private static final String INVITATIONS = """
            select i.id, i.name, i.type, i.codeCiphertext, i.expiresAt, i.ownerName, i.ownerEmail, i.templateKey,
                   i.revokedAt, i.redemptionCount, i.maxRedemptions, i.lastSentAt,
                   inviter.id, inviter.fullName, inviter.emailAddress1
            from Invitation i left join Contact inviter on inviter.id = i.inviterContactId and inviter.erasedAt is null
            where i.id in :ids""";

    // A contact who already redeemed does not need the email again, even when a group invitation is re-sent; an erased
    // contact is never mailed again (an erased inviter, above, is left out of the email).
    private static final String RECIPIENTS = """
            select ic.invitationId, c.id, c.fullName, c.emailAddress1, c.locale
            from InvitedContact ic join Contact c on c.id = ic.contactId
            where ic.invitationId in :ids and c.erasedAt is null
              and not exists (from Redemption r where r.invitationId = ic.invitationId and r.contactId = ic.contactId)
            order by ic.invitationId, ic.position""";

    // The invitations' last send time, set first: with a resend cooldown, the condition re-checked under the row lock
    // lets only one of two concurrent sends of an invitation through (the other finds the time its rival committed).
    private static final String CLAIM_SEND = """
            update invitation set last_sent_at = :sentAt where id in (:ids)""";
    private static final String SINCE_COOLDOWN = " and (last_sent_at is null or last_sent_at <= :cooldownEndedBefore)";

    // PENDING for each recipient (a contact who already redeemed or was erased gets no email, so keeps the status of the
    // last one); last_emailed_at is what the reminders count their delay from.
    private static final String MARK_PENDING = """
            update invited_contact ic set delivery_status = 'PENDING', delivery_status_at = :sentAt, delivery_failure = null,
                                          last_emailed_at = :sentAt
            where ic.invitation_id in (:ids)
              and not exists (select 1 from redemption r where r.invitation_id = ic.invitation_id and r.contact_id = ic.contact_id)
              and not exists (select 1 from contact c where c.id = ic.contact_id and c.erased_at is not null)""";

    // The emails a bulk send would queue, per invitation, counted before anything is written (the invitations that
    // will be refused for being revoked, expired or full are left out). The ids are joined as rows, one index lookup
    // each: "invitation_id = any($1)" let the planner scan invited_contact comparing every row with 10,000 ids (50 s).
    private static final String RECIPIENT_COUNTS = """
            select ic.invitation_id, count(*)
            from unnest($1::uuid[]) as requested (id)
              join invitation i on i.id = requested.id
              join invited_contact ic on ic.invitation_id = i.id
            where i.revoked_at is null and i.redemption_count < i.max_redemptions
              and (i.expires_at is null or i.expires_at > now())
              and not exists (select 1 from redemption r where r.invitation_id = ic.invitation_id and r.contact_id = ic.contact_id)
              and not exists (select 1 from contact c where c.id = ic.contact_id and c.erased_at is not null)
            group by ic.invitation_id""";

    private final Outbox outbox;
    private final InvitationServiceConfig config;
    private final Pool database;

    public SendingService(Outbox outbox, InvitationServiceConfig config, Pool database) {
        this.outbox = outbox;
        this.config = config;
        this.database = database;
    }

    public Uni<SendReceipt> sendOne(UUID invitationId) {
        return sendChunk(List.of(invitationId)).map(sent -> {
            if (!sent.refusals().isEmpty()) {
                throw sent.refusals().get(0).problem();
            }
            Log.infof("Sent invitation %s to %d recipient(s)", invitationId, sent.recipients());
            return new SendReceipt(invitationId, sent.recipients(), sent.sentAt());
        });
    }

    /**
     * Each chunk commits on its own: a failing chunk is reported as not sent, and the chunks before it stay sent
     * (their events are already committed), so the client re-sends only what the result lists as rejected.
     */
    public Uni<SendResult> sendMany(List<UUID> requestedIds) {
        long started = System.nanoTime();
        return plannedChunks(requestedIds).flatMap(chunks -> sendInChunks(chunks, started));
    }

    /**
     * {@link #sendMany} in one transaction, the caller's if it has one (a command records its answer in it): so no
     * more than one chunk of invitations and emails at a time.
     */
    public Uni<SendResult> sendInOneTransaction(List<UUID> requestedIds) {
        return plannedChunks(requestedIds).flatMap(chunks -> {
            if (chunks.size() > 1) {
                return Uni.createFrom().failure(ProblemException.badRequest("invitationIds", "at most "
                        + config.sending().chunkSize() + " invitations and " + config.sending().maxRecipientsPerChunk()
                        + " emails are sent at once here; split them"));
            }
            return sendChunk(chunks.get(0)).map(sent -> result(List.of(sent)));
        });
    }

    /** The requested ids, each once, in chunks of one transaction each; refused whole when they are too many. */
    private Uni<List<List<UUID>>> plannedChunks(List<UUID> requestedIds) {
        int maxIds = config.sending().maxIdsPerRequest();
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(requestedIds));
        if (ids.size() > maxIds) {
            return Uni.createFrom().failure(ProblemException.badRequest("invitationIds",
                    ids.size() + " invitations in one request; send at most " + maxIds + " at a time"));
        }
        long started = System.nanoTime();
        return recipientCounts(ids).flatMap(recipientCounts -> {
            Log.debugf("Bulk send: recipients of %d invitation(s) counted in %d ms", ids.size(), (System.nanoTime() - started) / 1_000_000);
            long total = recipientCounts.values().stream().mapToLong(Integer::longValue).sum();
            int maxRecipients = config.sending().maxRecipientsPerRequest();
            if (total > maxRecipients) {
                return Uni.createFrom().failure(ProblemException.badRequest("invitationIds", "these invitations would email "
                        + total + " recipients; one request sends at most " + maxRecipients + " emails, so send fewer "
                        + "invitations at a time"));
            }
            return Uni.createFrom().item(chunks(ids, recipientCounts, config.sending().chunkSize(),
                    config.sending().maxRecipientsPerChunk()));
        });
    }

    private Uni<Map<UUID, Integer>> recipientCounts(List<UUID> ids) {
        return database.preparedQuery(RECIPIENT_COUNTS).execute(Tuple.of((Object) ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Integer> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(row.getUUID(0), row.getLong(1).intValue()));
                    return counts;
                });
    }

    /**
     * Consecutive ids, at most {@code maxInvitations} per chunk, and a chunk closes before its recipients would pass
     * {@code maxRecipients}; an invitation is never split, so a chunk holds at least one whatever its recipients.
     */
    static List<List<UUID>> chunks(List<UUID> ids, Map<UUID, Integer> recipientCounts, int maxInvitations, int maxRecipients) {
        List<List<UUID>> chunks = new ArrayList<>();
        List<UUID> chunk = new ArrayList<>();
        long recipients = 0;
        for (UUID id : ids) {
            int more = recipientCounts.getOrDefault(id, 0);
            if (!chunk.isEmpty() && (chunk.size() >= maxInvitations || recipients + more > maxRecipients)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                recipients = 0;
            }
            chunk.add(id);
            recipients += more;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private Uni<SendResult> sendInChunks(List<List<UUID>> chunks, long started) {
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> sendChunk(chunk)
                        .onFailure().recoverWithItem(failure -> {
                            Log.errorf(failure, "A chunk of %d invitations was not sent", chunk.size());
                            return ChunkResult.failed(chunk);
                        }))
                .collect().asList()
                .map(results -> {
                    SendResult result = result(results);
                    Log.infof("Bulk send: %d invitation(s) sent, %d email(s) queued, %d rejected, in %d ms", result.accepted(),
                            result.recipients(), result.rejected().size(), (System.nanoTime() - started) / 1_000_000);
                    return result;
                });
    }

    private static SendResult result(List<ChunkResult> chunks) {
        int accepted = chunks.stream().mapToInt(ChunkResult::accepted).sum();
        int recipients = chunks.stream().mapToInt(ChunkResult::recipients).sum();
        List<SendResult.Rejected> rejected = chunks.stream()
                .flatMap(chunk -> chunk.refusals().stream())
                .map(refusal -> new SendResult.Rejected(refusal.invitationId(), refusal.reason()))
                .toList();
        return new SendResult(accepted, recipients, rejected);
    }

    @WithTransaction
    Uni<ChunkResult> sendChunk(List<UUID> ids) {
        Instant sentAt = Instant.now();
        Duration cooldown = config.sending().resendCooldown();
        return read(ids)
                .map(read -> decide(ids, read.invitations(), read.recipients(), sentAt, cooldown))
                .flatMap(plan -> claim(plan, sentAt, cooldown))
                .flatMap(plan -> write(plan, sentAt).replaceWith(plan.result(sentAt)));
    }

    /** The invitations and their recipients (who have not redeemed), in the caller's session: two queries for any number. */
    private Uni<Read> read(List<UUID> ids) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(INVITATIONS, Sendable.class)
                .setParameter("ids", ids)
                .getResultList()
                .flatMap(invitations -> session.createSelectionQuery(RECIPIENTS, Recipient.class)
                        .setParameter("ids", ids)
                        .getResultList()
                        .map(recipients -> new Read(invitations, recipients))));
    }

    private record Read(List<Sendable> invitations, List<Recipient> recipients) {
    }

    /** Sets the last send time of the invitations to send; those a concurrent send claimed within the cooldown drop out. */
    private Uni<Plan> claim(Plan plan, Instant sentAt, Duration cooldown) {
        if (plan.sentIds().isEmpty()) {
            return Uni.createFrom().item(plan);
        }
        boolean withCooldown = (!cooldown.isZero() && !cooldown.isNegative());
        return Panache.getSession()
                .flatMap(session -> {
                    var claim = session.createNativeQuery(CLAIM_SEND + (withCooldown ? SINCE_COOLDOWN : "") + " returning id", UUID.class)
                            .setParameter("sentAt", sentAt)
                            .setParameter("ids", plan.sentIds());
                    if (withCooldown) {
                        claim.setParameter("cooldownEndedBefore", sentAt.minus(cooldown));
                    }
                    return claim.getResultList();
                })
                .map(claimed -> plan.keepOnly(Set.copyOf(claimed), id -> SendRefusal.sentTooRecently(id, cooldown, cooldown.toSeconds())));
    }

    private Uni<Void> write(Plan plan, Instant sentAt) {
        if (plan.events().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> sentIds = plan.sentIds();
        return append(plan.events())
                .flatMap(appended -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery(MARK_PENDING)
                        .setParameter("sentAt", sentAt)
                        .setParameter("ids", sentIds)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The events that email the invitation again to the given contacts of each invitation (a reminder): the same
     * {@link InvitationSent} as a send's, with the same code. Runs in the caller's transaction, which decided they are due.
     */
    Uni<List<InvitationSent>> eventsFor(Map<UUID, Set<UUID>> contactsByInvitation, Instant sentAt) {
        return read(List.copyOf(contactsByInvitation.keySet())).map(read -> {
            Map<UUID, Sendable> byId = read.invitations().stream().collect(Collectors.toMap(Sendable::id, Function.identity()));
            return read.recipients().stream()
                    .filter(recipient -> contactsByInvitation.get(recipient.invitationId()).contains(recipient.contactId()))
                    .map(recipient -> byId.get(recipient.invitationId()).eventFor(recipient, sentAt))
                    .toList();
        });
    }

    /** Writes the emails to the outbox, in the caller's transaction: a send's, or a reminder's. */
    Uni<Void> append(List<InvitationSent> events) {
        return outbox.appendAll(Topics.INVITATION_SENT, EventTypes.INVITATION_SENT, events.stream()
                .map(event -> new Outbox.Message(event.invitationId().toString(), event.eventId(), event))
                .toList());
    }

    private static Plan decide(List<UUID> ids, List<Sendable> invitations, List<Recipient> recipients, Instant sentAt,
            Duration cooldown) {
        Map<UUID, Sendable> byId = invitations.stream().collect(Collectors.toMap(Sendable::id, Function.identity()));
        Map<UUID, List<Recipient>> recipientsOf = recipients.stream().collect(Collectors.groupingBy(Recipient::invitationId));
        List<SendRefusal> refusals = new ArrayList<>();
        List<InvitationSent> events = new ArrayList<>();
        List<UUID> sentIds = new ArrayList<>();
        for (UUID id : ids) {
            Sendable invitation = byId.get(id);
            List<Recipient> to = recipientsOf.getOrDefault(id, List.of());
            SendRefusal refusal = invitation == null ? SendRefusal.notFound(id) : invitation.refusal(to, sentAt, cooldown);
            if (refusal != null) {
                refusals.add(refusal);
                continue;
            }
            sentIds.add(id);
            to.forEach(recipient -> events.add(invitation.eventFor(recipient, sentAt)));
        }
        return new Plan(sentIds, events, refusals);
    }

    private record Plan(List<UUID> sentIds, List<InvitationSent> events, List<SendRefusal> refusals) {

        /** The plan without the invitations not in {@code kept}, each of those refused as {@code refusal} says. */
        Plan keepOnly(Set<UUID> kept, Function<UUID, SendRefusal> refusal) {
            if (kept.size() == sentIds.size()) {
                return this;
            }
            List<SendRefusal> more = new ArrayList<>(refusals);
            sentIds.stream().filter(id -> !kept.contains(id)).map(refusal).forEach(more::add);
            return new Plan(sentIds.stream().filter(kept::contains).toList(),
                    events.stream().filter(event -> kept.contains(event.invitationId())).toList(), more);
        }

        ChunkResult result(Instant sentAt) {
            return new ChunkResult(sentIds.size(), events.size(), refusals, sentAt);
        }
    }

    record ChunkResult(int accepted, int recipients, List<SendRefusal> refusals, Instant sentAt) {

        static ChunkResult failed(List<UUID> ids) {
            return new ChunkResult(0, 0, ids.stream().map(SendRefusal::notProcessed).toList(), null);
        }
    }

    /** What sending needs of an invitation, read for a whole chunk in one query. */
    record Sendable(UUID id, String name, InvitationType type, String encryptedCode, Instant expiresAt, String ownerName,
            String ownerEmail, String templateKey, Instant revokedAt, int redemptionCount, int maxRedemptions,
            Instant lastSentAt, UUID inviterId, String inviterName, String inviterEmail) {

        SendRefusal refusal(List<Recipient> recipients, Instant now, Duration cooldown) {
            if (revokedAt != null) {
                return SendRefusal.revoked(id);
            }
            if (redemptionCount >= maxRedemptions) {
                return SendRefusal.fullyRedeemed(id, maxRedemptions);
            }
            if (expiresAt != null && !expiresAt.isAfter(now)) {
                return SendRefusal.expired(id);
            }
            if (recipients.isEmpty()) {
                return SendRefusal.everyInviteeRedeemed(id);
            }
            if ((!cooldown.isZero() && !cooldown.isNegative()) && lastSentAt != null && lastSentAt.plus(cooldown).isAfter(now)) {
                long waitMillis = Duration.between(now, lastSentAt.plus(cooldown)).toMillis();
                return SendRefusal.sentTooRecently(id, cooldown, (waitMillis + 999) / 1000);
            }
            return recipients.stream()
                    .filter(recipient -> recipient.email() == null)
                    .findFirst()
                    .map(recipient -> SendRefusal.noPrimaryEmail(id, recipient.contactId()))
                    .orElse(null);
        }

        /** The recipient carries the primary address only: the seed never mails the second or third one. */
        InvitationSent eventFor(Recipient recipient, Instant sentAt) {
            InvitationSent.Inviter inviter = inviterId == null ? null : new InvitationSent.Inviter(inviterId, inviterName, inviterEmail);
            return new InvitationSent(UUID.randomUUID(), id, name, type, encryptedCode, expiresAt,
                    new InvitationSent.Sender(ownerName, ownerEmail), inviter,
                    new InvitationSent.Recipient(recipient.contactId(), recipient.fullName(), recipient.email(), recipient.locale()),
                    templateKey, sentAt);
        }
    }

    record Recipient(UUID invitationId, UUID contactId, String fullName, String email, String locale) {
    }
}
