package dev.invitations.redemptionservice.redemption;

import dev.invitations.commons.erasure.ErasedContacts;
import dev.invitations.commons.inbox.ProcessedEvents;
import dev.invitations.commons.outbox.Outbox;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.Topics;
import dev.invitations.redemptionservice.redemption.Rows.ActivityRow;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Applies InvitationRedeemed events: for each one not handled before, the activity, the parent account, the web roles
 * and the ContactAccessGranted outbox row, all in the one transaction that also records the event id. A whole polled
 * batch shares the transaction, and every step is one statement for the whole batch: the event ids, the lock against
 * an erasure and the erased contacts, what the grants depend on (BatchReader), the rows written (BatchWriter), the
 * outbox rows. A fixed number of round trips per batch, whatever its size, is what makes the consumer fast.
 */
@ApplicationScoped
public class RedemptionApplier {

    private final ProcessedEvents processedEvents;
    private final ErasedContacts erasedContacts;
    private final BatchReader reader;
    private final BatchWriter writer;
    private final Outbox outbox;

    public RedemptionApplier(ProcessedEvents processedEvents, ErasedContacts erasedContacts, BatchReader reader,
            BatchWriter writer, Outbox outbox) {
        this.processedEvents = processedEvents;
        this.erasedContacts = erasedContacts;
        this.reader = reader;
        this.writer = writer;
        this.outbox = outbox;
    }

    /**
     * @param events in the order they were consumed
     * @param traceparents the trace each event arrived in, which its ContactAccessGranted continues
     * @return the activities recorded; an event handled before (a redelivery) has none and changes nothing, nor does
     *         the redemption of a contact erased before it arrived (the topics have no order between them)
     */
    @WithTransaction
    public Uni<List<ActivityRow>> apply(List<InvitationRedeemed> events, Function<InvitationRedeemed, String> traceparents) {
        return processedEvents.firstHandled(events, InvitationRedeemed::eventId, EventTypes.INVITATION_REDEEMED)
                .flatMap(fresh -> fresh.isEmpty() ? Uni.createFrom().item(List.<InvitationRedeemed>of())
                        : erasedContacts.among(fresh.stream().map(event -> event.contact().id()).toList())
                                .map(erased -> fresh.stream().filter(event -> !erased.contains(event.contact().id())).toList()))
                .flatMap(granted -> granted.isEmpty() ? Uni.createFrom().item(List.<ActivityRow>of()) : grant(granted, traceparents));
    }

    private Uni<List<ActivityRow>> grant(List<InvitationRedeemed> events, Function<InvitationRedeemed, String> traceparents) {
        Instant appliedAt = Instant.now();
        Set<UUID> roleIds = events.stream()
                .filter(event -> event.webRoleIds() != null)
                .flatMap(event -> event.webRoleIds().stream())
                .collect(Collectors.toSet());
        Set<UUID> accountIds = events.stream().map(InvitationRedeemed::accountId).filter(Objects::nonNull).collect(Collectors.toSet());
        Set<UUID> contactIds = events.stream().map(event -> event.contact().id()).collect(Collectors.toSet());
        return reader.lockGranted(contactIds, roleIds, accountIds)
                .flatMap(granted -> reader.held(contactIds)
                        .map(held -> new RedemptionGrants(granted.roleNames(), granted.accounts(), granted.access(), held, appliedAt)))
                .flatMap(grants -> {
                    List<RedemptionGrants.Applied> applied = events.stream().map(grants::apply).toList();
                    List<String> traces = events.stream().map(traceparents).toList();
                    return write(grants, applied, traces)
                            .replaceWith(() -> applied.stream().map(RedemptionGrants.Applied::activity).toList());
                });
    }

    /** @param traceparents of each applied event, in the same order */
    private Uni<Void> write(RedemptionGrants grants, List<RedemptionGrants.Applied> applied, List<String> traceparents) {
        return writer.write(grants.changedAccess(),
                        applied.stream().map(RedemptionGrants.Applied::activity).toList(),
                        applied.stream().flatMap(one -> one.webRoles().stream()).toList(),
                        applied.stream().flatMap(one -> one.grants().stream()).toList())
                .chain(() -> outbox.appendAll(Topics.CONTACT_ACCESS_GRANTED, EventTypes.CONTACT_ACCESS_GRANTED,
                        IntStream.range(0, applied.size()).mapToObj(i -> new Outbox.Message(
                                applied.get(i).accessGranted().contactId().toString(), applied.get(i).accessGranted().eventId(),
                                applied.get(i).accessGranted(), traceparents.get(i)))
                        .toList()));
    }
}
