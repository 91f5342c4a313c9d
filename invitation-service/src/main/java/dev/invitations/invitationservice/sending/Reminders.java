package dev.invitations.invitationservice.sending;

import dev.invitations.contract.InvitationSent;
import dev.invitations.invitationservice.InvitationServiceConfig;
import dev.invitations.invitationservice.ScheduledBatches;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Automatic reminders: an invitation with reminders ({@code afterDays}, {@code maxReminders}) is emailed again to each
 * invited contact who has not redeemed, once the last email to them is {@code afterDays} old, until they have had
 * {@code maxReminders}, for as long as the invitation could be sent (not revoked, expired or fully redeemed). A reminder
 * is the same {@link InvitationSent} as a send's, with the same code.
 *
 * <p>Every replica runs the job. A batch claims the due invited contacts with {@code FOR UPDATE SKIP LOCKED}, counts
 * the reminder and moves their last email to now, and appends the events, in one transaction: two replicas never take
 * the same contact, and a contact once reminded is no longer due until the delay has passed again. The invitation's row
 * is share-locked too, skipped when locked: a revocation waits for the reminder's commit (so no reminder follows a
 * revocation), and a contact whose invitation is being sent or redeemed right now is left to the next run.
 */
@ApplicationScoped
public class Reminders {

    private static final String CLAIM_DUE = """
            with due as (
                select ic.invitation_id, ic.contact_id
                from invitation i
                  join invited_contact ic on ic.invitation_id = i.id
                  join contact c on c.id = ic.contact_id
                where i.reminder_after_days is not null and i.revoked_at is null
                  and (i.expires_at is null or i.expires_at > cast(:now as timestamptz))
                  and i.redemption_count < i.max_redemptions
                  and ic.reminders_sent < i.max_reminders
                  and ic.last_emailed_at <= cast(:now as timestamptz) - make_interval(days => i.reminder_after_days)
                  and c.email_address1 is not null
                  and not exists (select 1 from redemption r where r.invitation_id = ic.invitation_id and r.contact_id = ic.contact_id)
                order by ic.last_emailed_at
                limit :batchSize
                for update of ic skip locked
                for share of i skip locked)
            update invited_contact ic
            set reminders_sent = ic.reminders_sent + 1, last_emailed_at = cast(:now as timestamptz),
                delivery_status = 'PENDING', delivery_status_at = cast(:now as timestamptz), delivery_failure = null
            from due
            where ic.invitation_id = due.invitation_id and ic.contact_id = due.contact_id
            returning ic.invitation_id, ic.contact_id""";

    private final SendingService sending;
    private final InvitationServiceConfig config;

    public Reminders(SendingService sending, InvitationServiceConfig config) {
        this.sending = sending;
        this.config = config;
    }

    @Scheduled(every = "${invitation-service.reminders.interval:5m}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> remindOnSchedule() {
        return ScheduledBatches.warnOnFailure(remindDue(), "Sending reminders");
    }

    /** Sends every reminder that is due, a batch per transaction; answers how many emails were queued. */
    public Uni<Integer> remindDue() {
        return ScheduledBatches.untilDrained(this::remindBatch, config.reminders().batchSize());
    }

    @WithTransaction
    Uni<Integer> remindBatch() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM_DUE, Object[].class)
                        .setParameter("now", now)
                        .setParameter("batchSize", config.reminders().batchSize())
                        .getResultList())
                .flatMap(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Map<UUID, Set<UUID>> contactsByInvitation = new HashMap<>();
                    claimed.forEach(row -> contactsByInvitation.computeIfAbsent((UUID) row[0], id -> new HashSet<>()).add((UUID) row[1]));
                    return sending.eventsFor(contactsByInvitation, now).flatMap(events -> sending.append(events)
                            .invoke(() -> Log.infof("Sent %d reminder(s) of %d invitation(s)", events.size(), contactsByInvitation.size()))
                            .replaceWith(claimed.size()));
                });
    }
}
