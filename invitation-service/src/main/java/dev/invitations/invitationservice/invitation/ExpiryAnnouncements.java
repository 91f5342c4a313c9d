package dev.invitations.invitationservice.invitation;

import dev.invitations.commons.outbox.Outbox;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationExpired;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.InvitationServiceConfig;
import dev.invitations.invitationservice.ScheduledBatches;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Publishes {@link InvitationExpired} once per expiry. Nothing happens at the moment an invitation expires (expiry is
 * a comparison with the clock), so a job looks for expiries that passed and were not announced yet. Every replica runs
 * it: each batch claims its rows with {@code FOR UPDATE SKIP LOCKED}, appends their events to the outbox and records
 * the expiry it announced, in one transaction, so two replicas never take the same row, and a row is taken again only
 * if its expiry moves (an extension) and passes once more. A revoked invitation is not announced: it no longer expires,
 * it was withdrawn, which {@code InvitationRevoked} said.
 */
@ApplicationScoped
public class ExpiryAnnouncements {

    // A row a redemption or a revocation holds is skipped, not waited for: the next run takes it, if it is still due.
    // The claim is a CTE so that it runs once, its locks taken before the update marks the rows.
    private static final String CLAIM_DUE = """
            with due as (
                select id from invitation
                where expires_at is not null and expires_at <= :now and revoked_at is null
                  and expiry_announced_for is distinct from expires_at
                order by expires_at
                limit :batchSize
                for update skip locked)
            update invitation i set expiry_announced_for = i.expires_at
            from due where i.id = due.id
            returning i.id""";

    private static final String CLAIMED = """
            select i.id, i.expiresAt, i.redemptionCount, i.maxRedemptions from Invitation i where i.id in :ids""";

    private final Outbox outbox;
    private final InvitationServiceConfig config;

    public ExpiryAnnouncements(Outbox outbox, InvitationServiceConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(every = "${invitation-service.expiry.interval:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> announceOnSchedule() {
        return ScheduledBatches.warnOnFailure(announceDue(), "Announcing expired invitations");
    }

    /** Announces every expiry that passed and was not announced yet, a batch per transaction; answers how many. */
    public Uni<Integer> announceDue() {
        return ScheduledBatches.untilDrained(this::announceBatch, config.expiry().batchSize());
    }

    @WithTransaction
    Uni<Integer> announceBatch() {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM_DUE, UUID.class)
                        .setParameter("now", Instant.now())
                        .setParameter("batchSize", config.expiry().batchSize())
                        .getResultList()
                        .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Expired>of())
                                : session.createSelectionQuery(CLAIMED, Expired.class).setParameter("ids", ids).getResultList()))
                .flatMap(expired -> outbox.appendAll(Topics.INVITATION_EXPIRED, EventTypes.INVITATION_EXPIRED,
                                expired.stream().map(Expired::message).toList())
                        .invoke(() -> {
                            if (!expired.isEmpty()) {
                                Log.infof("Announced the expiry of %d invitation(s)", expired.size());
                            }
                        })
                        .replaceWith(expired.size()));
    }

    record Expired(UUID id, Instant expiresAt, int redemptionCount, int maxRedemptions) {

        Outbox.Message message() {
            UUID eventId = UUID.randomUUID();
            return new Outbox.Message(id.toString(), eventId,
                    new InvitationExpired(eventId, id, expiresAt, redemptionCount, maxRedemptions));
        }
    }
}
