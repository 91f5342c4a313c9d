package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.lookUp;
import static dev.invitations.invitationservice.Api.lookUpFor;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.uniqueEmail;
import static dev.invitations.invitationservice.RedemptionThrottleTest.throttled;
import static dev.invitations.invitationservice.RedemptionThrottleTest.unknownCode;

import dev.invitations.commons.security.Roles;
import dev.invitations.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lookup is as good a code-guessing oracle as a redemption, so its unknown codes are counted the same way. The page
 * looks codes up for everybody under its one service login: the address it names for the person stands in for that
 * login, and only a service may name one.
 */
@QuarkusTest
@TestProfile(LowAbuseLimits.class)
class LookupThrottleTest {

    @Inject
    Pool database;

    @BeforeEach
    @AfterEach
    void forgetCounts() {
        database.query("delete from redemption_throttle").execute().await().indefinitely();
    }

    @Test
    void unknownCodesLookedUpForOnePersonBlockThatPersonOnly() {
        Api.Invitation invitation = newInvitation(groupInvitation(List.of(newContact("Val Valid"))));
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT; i++) {
            lookUpFor("198.51.100.7", unknownCode()).statusCode(404);
        }

        throttled(lookUpFor("198.51.100.7", invitation.code()));
        // Another spelling of the same address is the same person.
        throttled(lookUpFor("::ffff:198.51.100.7", invitation.code()));
        lookUpFor("198.51.100.8", invitation.code()).statusCode(200);
    }

    @Test
    void aServiceWithoutTheHeaderIsCountedAsItsOwnLogin() {
        String service = TestTokens.withRoles(Roles.SERVICE);
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT; i++) {
            lookUp(service, Map.of("code", unknownCode())).statusCode(404);
        }

        throttled(lookUp(service, Map.of("code", unknownCode())));
        lookUpFor("198.51.100.9", unknownCode()).statusCode(404);
    }

    @Test
    void thePersonsAddressIsTakenOnlyFromAService() {
        String portalUser = TestTokens.portalUser("guesser-" + UUID.randomUUID(), "Gus Guesser", uniqueEmail("gus"));
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT; i++) {
            // A fresh address each time would dodge the count, were it believed; a malformed one is not even read.
            lookUp(portalUser, i == 0 ? "not an address" : "198.51.100." + (20 + i), Map.of("code", unknownCode()))
                    .statusCode(404);
        }

        throttled(lookUp(portalUser, "198.51.100.99", Map.of("code", unknownCode())));
    }

    @Test
    void lookupsAndRedemptionsShareTheLoginsCount() {
        String portalUser = TestTokens.portalUser("guesser-" + UUID.randomUUID(), "Gus Guesser", uniqueEmail("gus"));
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT - 1; i++) {
            lookUp(portalUser, Map.of("code", unknownCode())).statusCode(404);
        }
        redeem(new Api.Redemption(unknownCode(), portalUser)).statusCode(404);

        throttled(redeem(new Api.Redemption(unknownCode(), portalUser)));
        throttled(lookUp(portalUser, Map.of("code", unknownCode())));
    }

    @Test
    void guessesSpreadOverPeopleAreThrottledPerCodePrefix() {
        String prefix = unknownCode().substring(0, 4);
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_CODE_PREFIX; i++) {
            lookUpFor("203.0.113." + (10 + i), prefix + unknownCode().substring(4)).statusCode(404);
        }

        throttled(lookUpFor("203.0.113.99", prefix + unknownCode().substring(4)));
    }
}
