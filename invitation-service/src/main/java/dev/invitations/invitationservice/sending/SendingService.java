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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
                   i.revokedAt, i.redemptionCount, i.maxRedemptions, inviter.id, inviter.fullName, inviter.emailAddress1
            from Invitation i left join Contact inviter on inviter.id = i.inviterContactId
            where i.id in :ids""";

    // A contact who already redeemed does not need the email again, even when a group invitation is re-sent.
    private static final String RECIPIENTS = """
            select ic.invitationId, c.id, c.fullName, c.emailAddress1, c.locale
            from InvitedContact ic join Contact c on c.id = ic.contactId
            where ic.invitationId in :ids
              and not exists (from Redemption r where r.invitationId = ic.invitationId and r.contactId = ic.contactId)
            order by ic.invitationId, ic.position""";

    // One statement for the send's bookkeeping: the invitations' last send time, and PENDING for each recipient
    // (a contact who already redeemed gets no email, so keeps the status of the last one).
    private static final String MARK_SENT = """
            with sent as (update invitation set last_sent_at = :sentAt where id in (:ids) returning id)
            update invited_contact ic set delivery_status = 'PENDING', delivery_status_at = :sentAt, delivery_failure = null
            where ic.invitation_id in (select id from sent)
              and not exists (select 1 from redemption r where r.invitation_id = ic.invitation_id and r.contact_id = ic.contact_id)""";

    private final Outbox outbox;
    private final InvitationServiceConfig config;

    public SendingService(Outbox outbox, InvitationServiceConfig config) {
        this.outbox = outbox;
        this.config = config;
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
        int maxIds = config.sending().maxIdsPerRequest();
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(requestedIds));
        if (ids.size() > maxIds) {
            return Uni.createFrom().failure(ProblemException.badRequest("invitationIds",
                    ids.size() + " invitations in one request; send at most " + maxIds + " at a time"));
        }
        long started = System.nanoTime();
        int chunkSize = config.sending().chunkSize();
        List<List<UUID>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += chunkSize) {
            chunks.add(ids.subList(from, Math.min(from + chunkSize, ids.size())));
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> sendChunk(chunk)
                        .onFailure().recoverWithItem(failure -> {
                            Log.errorf(failure, "A chunk of %d invitations was not sent", chunk.size());
                            return ChunkResult.failed(chunk);
                        }))
                .collect().asList()
                .map(results -> {
                    int accepted = results.stream().mapToInt(ChunkResult::accepted).sum();
                    int recipients = results.stream().mapToInt(ChunkResult::recipients).sum();
                    List<SendResult.Rejected> rejected = results.stream()
                            .flatMap(result -> result.refusals().stream())
                            .map(refusal -> new SendResult.Rejected(refusal.invitationId(), refusal.reason()))
                            .toList();
                    Log.infof("Bulk send: %d invitation(s) sent, %d email(s) queued, %d rejected, in %d ms", accepted, recipients,
                            rejected.size(), (System.nanoTime() - started) / 1_000_000);
                    return new SendResult(accepted, recipients, rejected);
                });
    }

    @WithTransaction
    Uni<ChunkResult> sendChunk(List<UUID> ids) {
        Instant sentAt = Instant.now();
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(INVITATIONS, Sendable.class)
                        .setParameter("ids", ids)
                        .getResultList()
                .flatMap(invitations -> session.createSelectionQuery(RECIPIENTS, Recipient.class)
                        .setParameter("ids", ids)
                        .getResultList()
                        .map(recipients -> decide(ids, invitations, recipients, sentAt)))
                .flatMap(plan -> write(plan, sentAt).replaceWith(plan.result(sentAt))));
    }

    private Uni<Void> write(Plan plan, Instant sentAt) {
        if (plan.events().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> sentIds = plan.sentIds();
        List<Outbox.Message> messages = plan.events().stream()
                .map(event -> new Outbox.Message(event.invitationId().toString(), event.eventId(), event))
                .toList();
        return outbox.appendAll(Topics.INVITATION_SENT, EventTypes.INVITATION_SENT, messages)
                .flatMap(appended -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery(MARK_SENT)
                        .setParameter("sentAt", sentAt)
                        .setParameter("ids", sentIds)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static Plan decide(List<UUID> ids, List<Sendable> invitations, List<Recipient> recipients, Instant sentAt) {
        Map<UUID, Sendable> byId = invitations.stream().collect(Collectors.toMap(Sendable::id, Function.identity()));
        Map<UUID, List<Recipient>> recipientsOf = recipients.stream().collect(Collectors.groupingBy(Recipient::invitationId));
        List<SendRefusal> refusals = new ArrayList<>();
        List<InvitationSent> events = new ArrayList<>();
        List<UUID> sentIds = new ArrayList<>();
        for (UUID id : ids) {
            Sendable invitation = byId.get(id);
            List<Recipient> to = recipientsOf.getOrDefault(id, List.of());
            SendRefusal refusal = invitation == null ? SendRefusal.notFound(id) : invitation.refusal(to, sentAt);
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
            UUID inviterId, String inviterName, String inviterEmail) {

        SendRefusal refusal(List<Recipient> recipients, Instant now) {
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
