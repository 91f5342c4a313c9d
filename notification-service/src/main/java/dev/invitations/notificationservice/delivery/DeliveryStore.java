package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.erasure.ErasedContacts;
import dev.invitations.commons.inbox.JsonRows;
import dev.invitations.commons.inbox.ProcessedEvents;
import dev.invitations.commons.outbox.Outbox;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationEmailDelivered;
import dev.invitations.contract.InvitationEmailFailed;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.Topics;
import dev.invitations.notificationservice.NotificationConfig;
import dev.invitations.notificationservice.template.TemplateContent;
import dev.invitations.notificationservice.template.TemplateLookup;
import dev.invitations.notificationservice.template.TemplateLookup.CurrentTemplate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The transactions around a send. The claim (event recorded as handled, delivery row written) commits before SMTP is
 * contacted, and the outcomes (status, outcome event in the outbox) commit after, a group at a time, so a redelivered
 * event finds its delivery claimed or finished and sends nothing again, while a claim left unfinished by a dead process
 * stops being renewed ({@link DeliveryLeases}) and the dispatcher takes it over when its lease runs out.
 */
@ApplicationScoped
public class DeliveryStore {

    /**
     * Takes the due claims in one statement, except those this process is sending: a lease it could not renew (database
     * away) is still its own. Gives each row's previous holder, for the log of a takeover.
     */
    private static final String CLAIM_DUE = """
            with due as (
                select id, lease_owner from deliveries
                where status = 'SENDING' and lease_expires_at <= :now and not (id = any(:sendingHere))
                order by lease_expires_at limit :limit for update skip locked)
            update deliveries d set lease_owner = :owner, lease_expires_at = :expiry, updated_at = :now
            from due where d.id = due.id
            returning d.id, d.template_key, d.template_version, d.event_payload, due.lease_owner, d.traceparent""";

    /**
     * A stored InvitationSent without its encrypted code, for a delivery that is finished: the service keeps the code
     * only while it may still have to mail it. In SQL, so that finishing a delivery neither loads its row nor parses
     * its payload in the service. The rest keeps its order and text ({@code json}, not {@code jsonb}, which would sort
     * the keys); a payload without a code stays as it is, and one that is somehow not a JSON object is dropped whole
     * rather than kept, as it may still hold the code. {@code %1$s} is the payload column. (The empty object is
     * {@code json_build_object()}: Hibernate reads braces in native SQL as its own placeholders.)
     */
    static final String WITHOUT_CODE = """
            case when %1$s is not json object then cast(json_build_object() as text)
                 when cast(%1$s as json) -> 'encryptedCode' is null then %1$s
                 else coalesce((select cast(json_object_agg(field.key, field.value) as text)
                                from json_each(cast(%1$s as json)) as field where field.key <> 'encryptedCode'),
                               cast(json_build_object() as text))
            end""";

    /** A claim's new deliveries in one statement ({@link JsonRows}): no entity per row for Hibernate to track and flush. */
    private static final String INSERT = """
            insert into deliveries
            select * from jsonb_populate_recordset(cast(null as deliveries), cast(cast(:rows as text) as jsonb))""";

    /** Deliveries a claim finds unsendable (no such template) are final at once: their code goes in the same transaction. */
    private static final String DROP_CODES = "update deliveries set event_payload = " + WITHOUT_CODE.formatted("event_payload")
            + " where id = any(:ids)";

    /**
     * A group of outcomes in one statement. Only deliveries still SENDING are touched: should the transaction be retried
     * after a commit whose answer was lost, the second run finds them finished, returns none and publishes nothing twice.
     * SENT and FAILED are final: nothing will render these emails again, so the code goes in the same update.
     */
    private static final String FINISH = """
            update deliveries d
            set status = o.status, attempts = d.attempts + o.attempts, lease_expires_at = null, updated_at = o.at,
                sent_at = coalesce(o.sent_at, d.sent_at), last_error = coalesce(o.error, d.last_error),
                event_payload = %s
            from jsonb_to_recordset(cast(cast(:outcomes as text) as jsonb))
                 as o(id uuid, status varchar, attempts int, error text, sent_at timestamptz, at timestamptz)
            where d.id = o.id and d.status = 'SENDING'
            returning d.id, d.attempts""".formatted(WITHOUT_CODE.formatted("d.event_payload"));

    private final ProcessedEvents processedEvents;
    private final ErasedContacts erasedContacts;
    private final TemplateLookup templates;
    private final Outbox outbox;
    private final String defaultTemplateKey;
    private final DeliveryLeases leases;

    public DeliveryStore(ProcessedEvents processedEvents, ErasedContacts erasedContacts, TemplateLookup templates, Outbox outbox,
            NotificationConfig config, DeliveryLeases leases) {
        this.processedEvents = processedEvents;
        this.erasedContacts = erasedContacts;
        this.templates = templates;
        this.outbox = outbox;
        this.defaultTemplateKey = config.defaultTemplateKey();
        this.leases = leases;
    }

    /**
     * One claim per event, in order: duplicates of handled events are recognised, an email to a contact erased before
     * it arrived (the topics have no order between them) is dropped, the others get their delivery row.
     */
    @WithTransaction
    Uni<List<Claim>> claim(List<ReceivedInvitation> received) {
        List<UUID> eventIds = received.stream().map(r -> r.event().eventId()).toList();
        return processedEvents.recordFirstHandlings(eventIds, EventTypes.INVITATION_SENT)
                .flatMap(firstSeen -> erasedContacts.among(received.stream().map(r -> r.event().recipient().contactId()).toList())
                        .flatMap(erased -> {
                            // An event twice in one poll is new only the first time.
                            Set<UUID> claimed = new HashSet<>();
                            List<Boolean> firstTime = received.stream()
                                    .map(r -> firstSeen.contains(r.event().eventId()) && claimed.add(r.event().eventId()))
                                    .toList();
                            Set<String> keys = new TreeSet<>();
                            for (int i = 0; i < received.size(); i++) {
                                if (firstTime.get(i) && !erased.contains(received.get(i).event().recipient().contactId())) {
                                    keys.add(templateKey(received.get(i).event()));
                                }
                            }
                            return templates.lockCurrent(keys).flatMap(current -> record(received, firstTime, erased, current));
                        }));
    }

    private Uni<List<Claim>> record(List<ReceivedInvitation> received, List<Boolean> firstTime, Set<UUID> erased,
            Map<String, CurrentTemplate> current) {
        Instant now = Instant.now();
        List<Claim> claims = new ArrayList<>(received.size());
        List<NewDelivery> rows = new ArrayList<>();
        List<UUID> unsendable = new ArrayList<>();
        List<Outbox.Message> failed = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            if (!firstTime.get(i)) {
                claims.add(Claim.DUPLICATE);
                continue;
            }
            if (erased.contains(received.get(i).event().recipient().contactId())) {
                claims.add(Claim.RECIPIENT_ERASED);
                continue;
            }
            ReceivedInvitation r = received.get(i);
            InvitationSent event = r.event();
            String key = templateKey(event);
            CurrentTemplate template = current.get(key);
            UUID id = UUID.randomUUID();
            if (template == null) {
                String error = "No template '" + key + "'";
                rows.add(NewDelivery.of(id, r, key, null, DeliveryStatus.FAILED, error, null, null, now));
                unsendable.add(id);
                Log.warnf("Delivery %s of invitation %s failed: %s", id, event.invitationId(), error);
                failed.add(failedEvent(id, event, error, 0, now, r.traceparent()));
                claims.add(Claim.failed(error));
            } else if (!template.active()) {
                rows.add(NewDelivery.of(id, r, key, null, DeliveryStatus.HELD, null, null, null, now));
                claims.add(Claim.HELD);
            } else {
                rows.add(NewDelivery.of(id, r, key, template.content().version(), DeliveryStatus.SENDING, null,
                        leases.owner(), leases.expiry(now), now));
                claims.add(Claim.send(new Dispatch(id, event, template.content(), r.traceparent())));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(claims);
        }
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(INSERT).setParameter("rows", JsonRows.of(rows)).executeUpdate()
                        .chain(() -> unsendable.isEmpty() ? Uni.createFrom().voidItem()
                                : session.createNativeQuery(DROP_CODES).setParameter("ids", unsendable.toArray(UUID[]::new))
                                        .executeUpdate().replaceWithVoid()))
                .chain(() -> outbox.appendAll(Topics.INVITATION_EMAIL_FAILED, EventTypes.INVITATION_EMAIL_FAILED, failed))
                .replaceWith(claims);
    }

    /**
     * Claims deliveries whose lease ran out: released by an activation, or left by a process that died (it renews the
     * leases of what it sends for as long as it lives). Each is sent in the trace its InvitationSent arrived in. The
     * rows come as arrays, not as {@link Delivery} entities: Hibernate caches a new plan for every execution of a native
     * query with an entity result (the plans never compare equal), and this one runs at every dispatcher tick.
     */
    @WithTransaction
    Uni<List<Dispatch>> claimDue(int limit, Function<String, InvitationSent> reader) {
        Instant now = Instant.now();
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM_DUE, Object[].class)
                        .setParameter("now", now)
                        .setParameter("sendingHere", leases.held())
                        .setParameter("limit", limit)
                        .setParameter("owner", leases.owner())
                        .setParameter("expiry", leases.expiry(now))
                        .getResultList())
                .flatMap(due -> {
                    Set<UUID> deadOwners = due.stream().map(row -> (UUID) row[4]).filter(Objects::nonNull).collect(Collectors.toSet());
                    if (!deadOwners.isEmpty()) {
                        Log.infof("Taking over %d deliveries whose claims ran out (held by %s)",
                                due.stream().filter(row -> row[4] != null).count(), deadOwners);
                    }
                    // Released deliveries come in hundreds per template version: read each version once.
                    Map<String, Uni<TemplateContent>> versions = new HashMap<>();
                    return sequentially(due, row -> {
                        String templateKey = (String) row[1];
                        Integer templateVersion = (Integer) row[2];
                        return versions.computeIfAbsent(templateKey + "@" + templateVersion,
                                        k -> templates.version(templateKey, templateVersion).memoize().indefinitely())
                                .map(template -> new Dispatch((UUID) row[0], reader.apply((String) row[3]), template, (String) row[5]));
                    });
                });
    }

    /**
     * Records outcomes (a group of a batch's, as they come) with their events, in one statement ({@link #FINISH}). The
     * events are made from what the dispatches carry, which is what their rows were written from.
     */
    @WithTransaction
    Uni<Void> complete(List<SendOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, SendOutcome> byDelivery = outcomes.stream()
                .collect(Collectors.toMap(outcome -> outcome.dispatch().deliveryId(), Function.identity()));
        List<Finished> rows = outcomes.stream().map(Finished::of).toList();
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(FINISH, Object[].class)
                        .setParameter("outcomes", JsonRows.of(rows))
                        .getResultList())
                .flatMap(finished -> {
                    List<Outbox.Message> delivered = new ArrayList<>();
                    List<Outbox.Message> failed = new ArrayList<>();
                    for (Object[] row : finished) {
                        SendOutcome outcome = byDelivery.get((UUID) row[0]);
                        int attempts = ((Number) row[1]).intValue();
                        if (outcome.sent()) {
                            delivered.add(deliveredEvent(outcome));
                        } else {
                            Log.warnf("Delivery %s of invitation %s failed after %d attempts: %s",
                                    outcome.dispatch().deliveryId(), outcome.dispatch().event().invitationId(), attempts, outcome.error());
                            failed.add(failedEvent(outcome.dispatch().deliveryId(), outcome.dispatch().event(), outcome.error(),
                                    attempts, outcome.at(), outcome.traceparent()));
                        }
                    }
                    return outbox.appendAll(Topics.INVITATION_EMAIL_DELIVERED, EventTypes.INVITATION_EMAIL_DELIVERED, delivered)
                            .chain(() -> outbox.appendAll(Topics.INVITATION_EMAIL_FAILED, EventTypes.INVITATION_EMAIL_FAILED, failed));
                });
    }

    /** The report continues the trace of the email's send, so that invitation-service's consumption of it joins that trace. */
    private static Outbox.Message deliveredEvent(SendOutcome outcome) {
        Dispatch dispatch = outcome.dispatch();
        InvitationSent sent = dispatch.event();
        InvitationEmailDelivered event = new InvitationEmailDelivered(UUID.randomUUID(), sent.invitationId(),
                sent.recipient().contactId(), dispatch.deliveryId(), sent.recipient().email(), dispatch.template().key(),
                dispatch.template().version(), outcome.at());
        return new Outbox.Message(sent.invitationId().toString(), event.eventId(), event, outcome.traceparent());
    }

    private static Outbox.Message failedEvent(UUID deliveryId, InvitationSent sent, String error, int attempts, Instant at,
            String traceparent) {
        InvitationEmailFailed event = new InvitationEmailFailed(UUID.randomUUID(), sent.invitationId(), sent.recipient().contactId(),
                deliveryId, sent.recipient().email(), error, attempts, at);
        return new Outbox.Message(sent.invitationId().toString(), event.eventId(), event, traceparent);
    }

    /** A delivery as a claim writes it, named after the columns of {@code deliveries} ({@link JsonRows}). */
    record NewDelivery(UUID id, UUID eventId, UUID invitationId, UUID contactId, String recipient, String templateKey,
            Integer templateVersion, DeliveryStatus status, int attempts, String lastError, String eventPayload,
            Instant leaseExpiresAt, UUID leaseOwner, Instant createdAt, Instant updatedAt, String traceparent) {

        static NewDelivery of(UUID id, ReceivedInvitation received, String templateKey, Integer templateVersion,
                DeliveryStatus status, String lastError, UUID leaseOwner, Instant leaseExpiresAt, Instant now) {
            InvitationSent event = received.event();
            // Only the primary address is ever on the event (the seed forbids the second and third), and only it is mailed.
            return new NewDelivery(id, event.eventId(), event.invitationId(), event.recipient().contactId(),
                    event.recipient().email(), templateKey, templateVersion, status, 0, lastError, received.payload(),
                    leaseExpiresAt, leaseOwner, now, now, received.traceparent());
        }
    }

    /** One outcome as {@link #FINISH} reads it. */
    private record Finished(UUID id, DeliveryStatus status, int attempts, String error, Instant sentAt, Instant at) {

        static Finished of(SendOutcome outcome) {
            return new Finished(outcome.dispatch().deliveryId(), outcome.sent() ? DeliveryStatus.SENT : DeliveryStatus.FAILED,
                    outcome.attempts(), outcome.error(), outcome.sent() ? outcome.at() : null, outcome.at());
        }
    }

    private String templateKey(InvitationSent event) {
        return event.templateKey() == null || event.templateKey().isBlank() ? defaultTemplateKey : event.templateKey();
    }

    /** A reactive session runs one statement at a time, so per-item work is chained, never merged. */
    private static <T, R> Uni<List<R>> sequentially(List<T> items, Function<T, Uni<R>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> step.apply(item))
                .collect().asList();
    }
}
