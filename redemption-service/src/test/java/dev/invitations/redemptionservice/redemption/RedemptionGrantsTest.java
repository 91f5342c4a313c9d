package dev.invitations.redemptionservice.redemption;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import dev.invitations.redemptionservice.redemption.BatchReader.HeldRole;
import dev.invitations.redemptionservice.redemption.BatchReader.StoredAccess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of what a redemption grants, without a database: the consumer tests prove them end to end. */
class RedemptionGrantsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final UUID READER = UUID.randomUUID();
    private static final UUID AUTHOR = UUID.randomUUID();
    private static final UUID CONTOSO = UUID.randomUUID();
    private static final UUID FABRIKAM = UUID.randomUUID();

    private final UUID contact = UUID.randomUUID();

    @Test
    void newContactGetsTheAccountAndEveryRoleOnce() {
        RedemptionGrants grants = grants(List.of(), List.of());

        RedemptionGrants.Applied applied = grants.apply(redeemed(CONTOSO, List.of(READER, AUTHOR, READER), NOW));

        assertThat(grants.changedAccess(), hasSize(1));
        assertThat(grants.changedAccess().get(0).parentAccountId(), equalTo(CONTOSO));
        assertThat(applied.activity().accountOutcome(), equalTo(AccountOutcome.ASSIGNED));
        assertThat(outcomes(applied), contains(WebRoleOutcome.GRANTED, WebRoleOutcome.GRANTED));
        assertThat(applied.webRoles().get(0).webRoleName(), equalTo("Reader"));
        assertThat(applied.grants(), hasSize(2));
        assertThat(applied.activity().partial(), is(false));
        assertThat(applied.accessGranted().webRoleIds(), hasSize(2));
    }

    @Test
    void heldRoleIsNotGrantedAgainAndTheAnnouncedSetIsTheUnion() {
        RedemptionGrants grants = grants(List.of(existingAccess(null, null)), List.of(held(READER)));

        RedemptionGrants.Applied applied = grants.apply(redeemed(null, List.of(READER, AUTHOR), NOW));

        assertThat(outcomes(applied), contains(WebRoleOutcome.ALREADY_HELD, WebRoleOutcome.GRANTED));
        assertThat(applied.grants(), hasSize(1));
        assertThat(Set.copyOf(applied.accessGranted().webRoleIds()), equalTo(Set.of(READER, AUTHOR)));
        assertThat(applied.activity().accountOutcome(), nullValue());
        assertThat(grants.changedAccess(), hasSize(1));
    }

    @Test
    void twoRedemptionsOfOneContactInOneBatchSeeEachOther() {
        RedemptionGrants grants = grants(List.of(), List.of());

        grants.apply(redeemed(null, List.of(READER), NOW));
        RedemptionGrants.Applied second = grants.apply(redeemed(null, List.of(READER, AUTHOR), NOW));

        assertThat(grants.changedAccess(), hasSize(1));
        assertThat(outcomes(second), contains(WebRoleOutcome.ALREADY_HELD, WebRoleOutcome.GRANTED));
    }

    @Test
    void missingRoleAndAccountAreRecordedAndTheRestIsApplied() {
        UUID deletedRole = UUID.randomUUID();
        UUID deletedAccount = UUID.randomUUID();
        RedemptionGrants grants = grants(List.of(), List.of());

        RedemptionGrants.Applied applied = grants.apply(redeemed(deletedAccount, List.of(deletedRole, READER), NOW));

        assertThat(applied.activity().partial(), is(true));
        assertThat(applied.activity().accountOutcome(), equalTo(AccountOutcome.NOT_FOUND));
        assertThat(outcomes(applied), contains(WebRoleOutcome.NOT_FOUND, WebRoleOutcome.GRANTED));
        assertThat(applied.webRoles().get(0).webRoleName(), nullValue());
        assertThat(applied.grants(), hasSize(1));
        assertThat(applied.accessGranted().parentAccountId(), nullValue());
        assertThat(applied.accessGranted().webRoleIds(), contains(READER));
    }

    @Test
    void olderRedemptionAppliedLateDoesNotReplaceTheParentOfANewerOne() {
        RedemptionGrants grants = grants(List.of(existingAccess(FABRIKAM, NOW)), List.of());

        RedemptionGrants.Applied older = grants.apply(redeemed(CONTOSO, List.of(), NOW.minusSeconds(60)));

        assertThat(older.activity().accountOutcome(), equalTo(AccountOutcome.SUPERSEDED));
        assertThat(older.activity().partial(), is(false));
        assertThat(older.accessGranted().parentAccountId(), equalTo(FABRIKAM));
        assertThat("nothing changed, nothing to write", grants.changedAccess(), empty());
    }

    @Test
    void newerRedemptionReplacesTheParent() {
        RedemptionGrants grants = grants(List.of(existingAccess(FABRIKAM, NOW.minusSeconds(60))), List.of());

        RedemptionGrants.Applied newer = grants.apply(redeemed(CONTOSO, List.of(), NOW));

        assertThat(newer.activity().accountOutcome(), equalTo(AccountOutcome.ASSIGNED));
        assertThat(grants.changedAccess().get(0).parentAccountId(), equalTo(CONTOSO));
        assertThat(grants.changedAccess().get(0).parentAssignedAt(), equalTo(NOW));
    }

    @Test
    void announcementIdIsDerivedFromTheRedemptionEvent() {
        InvitationRedeemed event = redeemed(null, List.of(), NOW);

        UUID first = grants(List.of(), List.of()).apply(event).accessGranted().eventId();
        UUID again = grants(List.of(), List.of()).apply(event).accessGranted().eventId();

        assertThat(first, equalTo(again));
        assertThat(first, not(equalTo(event.eventId())));
    }

    private RedemptionGrants grants(List<StoredAccess> access, List<HeldRole> held) {
        return new RedemptionGrants(Map.of(READER, "Reader", AUTHOR, "Author"), Set.of(CONTOSO, FABRIKAM), access, held, NOW);
    }

    private InvitationRedeemed redeemed(UUID account, List<UUID> roles, Instant redeemedAt) {
        return new InvitationRedeemed(UUID.randomUUID(), UUID.randomUUID(), "Partners", InvitationType.GROUP,
                new InvitationRedeemed.RedeemingContact(contact, "Ada Lovelace", "ada@example.test"), account, roles, null,
                1, 10, redeemedAt);
    }

    private StoredAccess existingAccess(UUID parent, Instant assignedAt) {
        return new StoredAccess(contact, parent, assignedAt);
    }

    private HeldRole held(UUID role) {
        return new HeldRole(contact, role);
    }

    private static List<WebRoleOutcome> outcomes(RedemptionGrants.Applied applied) {
        return applied.webRoles().stream().map(Rows.ActivityWebRoleRow::outcome).toList();
    }
}
