package dev.invitations.redemptionservice.redemption;

import dev.invitations.contract.ContactAccessGranted;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.redemptionservice.redemption.BatchReader.HeldRole;
import dev.invitations.redemptionservice.redemption.BatchReader.StoredAccess;
import dev.invitations.redemptionservice.redemption.Rows.ActivityRow;
import dev.invitations.redemptionservice.redemption.Rows.ActivityWebRoleRow;
import dev.invitations.redemptionservice.redemption.Rows.ContactAccessRow;
import dev.invitations.redemptionservice.redemption.Rows.ContactWebRoleRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decides what each redemption of a batch grants, against the accounts, web roles and contact access that the batch
 * read (and locked) beforehand. It keeps its own copy of each contact's access up to date as it goes, so that two
 * redemptions by one contact in the same batch see each other. No I/O here: the caller writes what it returns.
 */
final class RedemptionGrants {

    private final Map<UUID, String> roleNames;
    private final Set<UUID> accounts;
    private final Map<UUID, Contact> contacts = new LinkedHashMap<>();
    private final Instant appliedAt;

    /**
     * @param roleNames the web roles that exist, among those the batch names
     * @param accounts the accounts that exist, among those the batch names
     * @param access the stored access of the batch's contacts; a contact without one is new
     * @param held every web role the batch's contacts hold
     */
    RedemptionGrants(Map<UUID, String> roleNames, Set<UUID> accounts, List<StoredAccess> access, List<HeldRole> held,
            Instant appliedAt) {
        this.roleNames = roleNames;
        this.accounts = accounts;
        this.appliedAt = appliedAt;
        access.forEach(stored -> contacts.put(stored.contactId(), new Contact(stored.parentAccountId(), stored.parentAssignedAt(), false)));
        held.forEach(grant -> contacts.get(grant.contactId()).held.add(grant.webRoleId()));
    }

    Applied apply(InvitationRedeemed event) {
        UUID contactId = event.contact().id();
        Contact contact = contacts.computeIfAbsent(contactId, id -> new Contact(null, null, true));
        UUID activityId = UUID.randomUUID();
        AccountOutcome accountOutcome = event.accountId() == null ? null : assignParent(contact, event);

        List<ActivityWebRoleRow> roleOutcomes = new ArrayList<>();
        List<ContactWebRoleRow> grants = new ArrayList<>();
        int position = 0;
        for (UUID roleId : requestedRoles(event)) {
            WebRoleOutcome outcome;
            if (!roleNames.containsKey(roleId)) {
                outcome = WebRoleOutcome.NOT_FOUND;
            } else if (contact.held.add(roleId)) {
                outcome = WebRoleOutcome.GRANTED;
                grants.add(new ContactWebRoleRow(contactId, roleId, event.invitationId(), appliedAt));
                contact.changed = true;
            } else {
                outcome = WebRoleOutcome.ALREADY_HELD;
            }
            roleOutcomes.add(new ActivityWebRoleRow(activityId, roleId, position++, roleNames.get(roleId), outcome));
        }
        boolean partial = accountOutcome == AccountOutcome.NOT_FOUND
                || roleOutcomes.stream().anyMatch(role -> role.outcome() == WebRoleOutcome.NOT_FOUND);

        ActivityRow activity = new ActivityRow(activityId, event.eventId(), event.invitationId(), event.invitationName(),
                event.type(), contactId, event.redeemedAt(), appliedAt, event.accountId(), accountOutcome, partial);
        ContactAccessGranted granted = new ContactAccessGranted(accessGrantedEventId(event), contactId, event.invitationId(),
                contact.parentAccountId, contact.held.stream().sorted().toList(), appliedAt);
        return new Applied(activity, roleOutcomes, grants, granted);
    }

    /**
     * The access rows to write: every contact seen for the first time (its web roles reference it) and every contact
     * whose parent account or web roles changed.
     */
    List<ContactAccessRow> changedAccess() {
        return contacts.entrySet().stream()
                .filter(entry -> entry.getValue().changed)
                .map(entry -> new ContactAccessRow(entry.getKey(), entry.getValue().parentAccountId,
                        entry.getValue().parentAssignedAt, appliedAt))
                .toList();
    }

    private AccountOutcome assignParent(Contact contact, InvitationRedeemed event) {
        if (!accounts.contains(event.accountId())) {
            return AccountOutcome.NOT_FOUND;
        }
        if (event.accountId().equals(contact.parentAccountId)) {
            return AccountOutcome.ASSIGNED;
        }
        if (contact.parentAssignedAt != null && event.redeemedAt().isBefore(contact.parentAssignedAt)) {
            return AccountOutcome.SUPERSEDED;
        }
        contact.parentAccountId = event.accountId();
        contact.parentAssignedAt = event.redeemedAt();
        contact.changed = true;
        return AccountOutcome.ASSIGNED;
    }

    /** In the operator's order, each role once even if the invitation listed it twice. */
    private static Set<UUID> requestedRoles(InvitationRedeemed event) {
        return event.webRoleIds() == null ? Set.of() : new LinkedHashSet<>(event.webRoleIds());
    }

    /** Derived from the redemption's event id, so that the same redemption always announces itself under one id. */
    private static UUID accessGrantedEventId(InvitationRedeemed event) {
        return UUID.nameUUIDFromBytes(("ContactAccessGranted:" + event.eventId()).getBytes(StandardCharsets.UTF_8));
    }

    /** A contact's access as this batch sees it. */
    private static final class Contact {
        UUID parentAccountId;
        Instant parentAssignedAt;
        final Set<UUID> held = new HashSet<>();
        boolean changed;

        Contact(UUID parentAccountId, Instant parentAssignedAt, boolean isNew) {
            this.parentAccountId = parentAccountId;
            this.parentAssignedAt = parentAssignedAt;
            this.changed = isNew;
        }
    }

    record Applied(ActivityRow activity, List<ActivityWebRoleRow> webRoles, List<ContactWebRoleRow> grants,
            ContactAccessGranted accessGranted) {
    }
}
