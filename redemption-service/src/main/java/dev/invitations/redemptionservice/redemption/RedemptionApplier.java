package dev.invitations.redemptionservice.redemption;

import dev.invitations.commons.erasure.ErasedContacts;
import dev.invitations.commons.inbox.ProcessedEvents;
import dev.invitations.commons.outbox.Outbox;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.Topics;
import dev.invitations.redemptionservice.access.ContactAccess;
import dev.invitations.redemptionservice.access.ContactWebRole;
import dev.invitations.redemptionservice.account.Account;
import dev.invitations.redemptionservice.redemption.Rows.ActivityRow;
import dev.invitations.redemptionservice.webrole.WebRole;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Applies InvitationRedeemed events: for each one not handled before, the activity, the parent account, the web roles
 * and the ContactAccessGranted outbox row, all in the one transaction that also records the event id. A whole polled
 * batch shares the transaction, which is what makes the consumer fast: one commit, and a fixed number of statements per
 * batch rather than per event.
 */
@ApplicationScoped
public class RedemptionApplier {

    private final ProcessedEvents processedEvents;
    private final ErasedContacts erasedContacts;
    private final BatchWriter writer;
    private final Outbox outbox;

    public RedemptionApplier(ProcessedEvents processedEvents, ErasedContacts erasedContacts, BatchWriter writer, Outbox outbox) {
        this.processedEvents = processedEvents;
        this.erasedContacts = erasedContacts;
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
                .flatMap(fresh -> erasedContacts.among(fresh.stream().map(event -> event.contact().id()).toList())
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
        Set<UUID> contactIds = events.stream().map(event -> event.contact().id()).collect(Collectors.toCollection(TreeSet::new));
        return existingRoles(roleIds).flatMap(roleNames -> existingAccounts(accountIds)
                        .flatMap(accounts -> lockedAccess(contactIds)
                                .flatMap(access -> ContactWebRole.<ContactWebRole>list("contactId in ?1", contactIds)
                                        .map(held -> new RedemptionGrants(roleNames, accounts, access, held, appliedAt)))))
                .flatMap(grants -> {
                    List<RedemptionGrants.Applied> applied = events.stream().map(grants::apply).toList();
                    List<String> traces = events.stream().map(traceparents).toList();
                    return write(grants, applied, traces)
                            .replaceWith(() -> applied.stream().map(RedemptionGrants.Applied::activity).toList());
                });
    }

    /**
     * Share-locked until commit: a web role being deleted meanwhile waits for this transaction and then removes the
     * grant made here, so a contact never keeps a role that no longer exists.
     */
    private static Uni<Map<UUID, String>> existingRoles(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return WebRole.<WebRole>find("id in ?1", ids).withLock(LockModeType.PESSIMISTIC_READ).list()
                .map(roles -> roles.stream().collect(Collectors.toMap(role -> role.id, role -> role.name)));
    }

    private static Uni<Set<UUID>> existingAccounts(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Account.<Account>list("id in ?1", ids)
                .map(accounts -> accounts.stream().map(account -> account.id).collect(Collectors.toSet()));
    }

    /**
     * Locked in contact-id order so that two replicas applying redemptions of the same contacts queue up instead of
     * deadlocking, and each computes the union of web roles from what the other committed.
     */
    private static Uni<List<ContactAccess>> lockedAccess(Set<UUID> contactIds) {
        return ContactAccess.<ContactAccess>find("contactId in ?1", Sort.by("contactId"), contactIds)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Parents before children, so that every foreign key holds statement by statement. */
    /** @param traceparents of each applied event, in the same order */
    private Uni<Void> write(RedemptionGrants grants, List<RedemptionGrants.Applied> applied, List<String> traceparents) {
        return writer.upsertContactAccess(grants.changedAccess())
                .flatMap(done -> writer.insert(BatchWriter.ACTIVITY, applied.stream().map(RedemptionGrants.Applied::activity).toList()))
                .flatMap(done -> writer.insert(BatchWriter.ACTIVITY_WEB_ROLE, applied.stream().flatMap(one -> one.webRoles().stream()).toList()))
                .flatMap(done -> writer.insert(BatchWriter.CONTACT_WEB_ROLE, applied.stream().flatMap(one -> one.grants().stream()).toList()))
                .flatMap(done -> outbox.appendAll(Topics.CONTACT_ACCESS_GRANTED, EventTypes.CONTACT_ACCESS_GRANTED,
                        IntStream.range(0, applied.size()).mapToObj(i -> new Outbox.Message(
                                applied.get(i).accessGranted().contactId().toString(), applied.get(i).accessGranted().eventId(),
                                applied.get(i).accessGranted(), traceparents.get(i)))
                        .toList()))
                .replaceWithVoid();
    }
}
