package dev.invitations.notificationservice.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.invitations.commons.erasure.ErasedContacts;
import dev.invitations.commons.inbox.ProcessedEvents;
import dev.invitations.commons.outbox.Outbox;
import dev.invitations.contract.EventJson;
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

    /** Due claims, except those this process is sending: a lease it could not renew (database away) is still its own. */
    private static final String CLAIM_DUE = """
            select * from deliveries where status = 'SENDING' and lease_expires_at <= :now and not (id = any(:sendingHere))
            order by lease_expires_at limit :limit for update skip locked""";

    /** The field of a stored InvitationSent that holds the encrypted code. */
    static final String ENCRYPTED_CODE = "encryptedCode";

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
        List<Delivery> rows = new ArrayList<>();
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
            String key = templateKey(r.event());
            CurrentTemplate template = current.get(key);
            Delivery row = newDelivery(r, key, now);
            rows.add(row);
            if (template == null) {
                row.status = DeliveryStatus.FAILED;
                row.lastError = "No template '" + key + "'";
                row.eventPayload = withoutCode(row.eventPayload);
                Log.warnf("Delivery %s of invitation %s failed: %s", row.id, row.invitationId, row.lastError);
                failed.add(failedEvent(row, now, r.traceparent()));
                claims.add(Claim.failed(row.lastError));
            } else if (!template.active()) {
                row.status = DeliveryStatus.HELD;
                claims.add(Claim.HELD);
            } else {
                row.status = DeliveryStatus.SENDING;
                row.templateVersion = template.content().version();
                row.leaseOwner = leases.owner();
                row.leaseExpiresAt = leases.expiry(now);
                claims.add(Claim.send(new Dispatch(row.id, r.event(), template.content(), r.traceparent())));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(claims);
        }
        return Delivery.persist(rows)
                .chain(() -> outbox.appendAll(Topics.INVITATION_EMAIL_FAILED, EventTypes.INVITATION_EMAIL_FAILED, failed))
                .replaceWith(claims);
    }

    /**
     * Claims deliveries whose lease ran out: released by an activation, or left by a process that died (it renews the
     * leases of what it sends for as long as it lives).
     */
    @WithTransaction
    Uni<List<Dispatch>> claimDue(int limit, Function<String, InvitationSent> reader) {
        Instant now = Instant.now();
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM_DUE, Delivery.class)
                        .setParameter("now", now)
                        .setParameter("sendingHere", leases.held())
                        .setParameter("limit", limit)
                        .getResultList())
                .flatMap(due -> {
                    Set<UUID> deadOwners = due.stream().map(d -> d.leaseOwner).filter(Objects::nonNull).collect(Collectors.toSet());
                    if (!deadOwners.isEmpty()) {
                        Log.infof("Taking over %d deliveries whose claims ran out (held by %s)",
                                due.stream().filter(d -> d.leaseOwner != null).count(), deadOwners);
                    }
                    // Released deliveries come in hundreds per template version: read each version once.
                    Map<String, Uni<TemplateContent>> versions = new HashMap<>();
                    return sequentially(due, delivery -> {
                        delivery.leaseOwner = leases.owner();
                        delivery.leaseExpiresAt = leases.expiry(now);
                        delivery.updatedAt = now;
                        return versions.computeIfAbsent(delivery.templateKey + "@" + delivery.templateVersion,
                                        k -> templates.version(delivery.templateKey, delivery.templateVersion).memoize().indefinitely())
                                .map(template -> new Dispatch(delivery.id, reader.apply(delivery.eventPayload), template, null));
                    });
                });
    }

    /**
     * Records outcomes (a group of a batch's, as they come) with their events. Only deliveries still SENDING are
     * touched: should this transaction be retried after a commit whose answer was lost, the second run finds them
     * finished and publishes nothing twice.
     */
    @WithTransaction
    Uni<Void> complete(List<SendOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, SendOutcome> byDelivery = outcomes.stream()
                .collect(Collectors.toMap(outcome -> outcome.dispatch().deliveryId(), Function.identity()));
        return Delivery.<Delivery>list("id in ?1 and status = ?2", byDelivery.keySet(), DeliveryStatus.SENDING)
                .flatMap(deliveries -> {
                    List<Outbox.Message> delivered = new ArrayList<>();
                    List<Outbox.Message> failed = new ArrayList<>();
                    for (Delivery delivery : deliveries) {
                        SendOutcome outcome = byDelivery.get(delivery.id);
                        finish(delivery, outcome);
                        if (outcome.sent()) {
                            delivered.add(deliveredEvent(delivery, outcome.traceparent()));
                        } else {
                            failed.add(failedEvent(delivery, outcome.at(), outcome.traceparent()));
                        }
                    }
                    return outbox.appendAll(Topics.INVITATION_EMAIL_DELIVERED, EventTypes.INVITATION_EMAIL_DELIVERED, delivered)
                            .chain(() -> outbox.appendAll(Topics.INVITATION_EMAIL_FAILED, EventTypes.INVITATION_EMAIL_FAILED, failed));
                });
    }

    private static void finish(Delivery delivery, SendOutcome outcome) {
        delivery.attempts += outcome.attempts();
        delivery.leaseExpiresAt = null;
        delivery.updatedAt = outcome.at();
        // SENT and FAILED are final: nothing will render this email again, so the code goes in the same update.
        delivery.eventPayload = withoutCode(delivery.eventPayload);
        if (outcome.sent()) {
            delivery.status = DeliveryStatus.SENT;
            delivery.sentAt = outcome.at();
        } else {
            delivery.status = DeliveryStatus.FAILED;
            delivery.lastError = outcome.error();
            Log.warnf("Delivery %s of invitation %s failed after %d attempts: %s",
                    delivery.id, delivery.invitationId, delivery.attempts, outcome.error());
        }
    }

    /** The report continues the trace of the email's send, so that invitation-service's consumption of it joins that trace. */
    private static Outbox.Message deliveredEvent(Delivery delivery, String traceparent) {
        InvitationEmailDelivered event = new InvitationEmailDelivered(UUID.randomUUID(), delivery.invitationId, delivery.contactId,
                delivery.id, delivery.recipient, delivery.templateKey, delivery.templateVersion, delivery.sentAt);
        return new Outbox.Message(delivery.invitationId.toString(), event.eventId(), event, traceparent);
    }

    private static Outbox.Message failedEvent(Delivery delivery, Instant at, String traceparent) {
        InvitationEmailFailed event = new InvitationEmailFailed(UUID.randomUUID(), delivery.invitationId, delivery.contactId,
                delivery.id, delivery.recipient, delivery.lastError, delivery.attempts, at);
        return new Outbox.Message(delivery.invitationId.toString(), event.eventId(), event, traceparent);
    }

    private Delivery newDelivery(ReceivedInvitation received, String templateKey, Instant now) {
        InvitationSent event = received.event();
        Delivery row = new Delivery();
        row.id = UUID.randomUUID();
        row.eventId = event.eventId();
        row.invitationId = event.invitationId();
        row.contactId = event.recipient().contactId();
        // Only the primary address is ever on the event (the seed forbids the second and third), and only it is mailed.
        row.recipient = event.recipient().email();
        row.templateKey = templateKey;
        row.eventPayload = received.payload();
        row.createdAt = now;
        row.updatedAt = now;
        return row;
    }

    /**
     * The stored event without its encrypted code, for a delivery that is finished: the service keeps the code only
     * while it may still have to mail it. A payload that is somehow not a JSON object is dropped whole rather than kept.
     */
    static String withoutCode(String payload) {
        try {
            JsonNode event = EventJson.mapper().readTree(payload);
            if (event instanceof ObjectNode object) {
                return object.remove(ENCRYPTED_CODE) == null ? payload : EventJson.mapper().writeValueAsString(object);
            }
        } catch (JsonProcessingException e) {
            // Falls through: an unreadable payload may still hold the code.
        }
        return "{}";
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
