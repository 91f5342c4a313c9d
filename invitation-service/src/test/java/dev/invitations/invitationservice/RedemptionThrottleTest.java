package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.invitationservice.Api.uniqueEmail;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.invitationservice.Api.Redemption;
import dev.invitations.invitationservice.redemption.RedemptionThrottle;
import dev.invitations.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guessing codes is slowed: failed redemptions are counted per login, per code prefix and per client address (all
 * calls here come from 127.0.0.1), and past the maximum the answer is 429 with Retry-After until the block ends.
 */
@QuarkusTest
@TestProfile(LowAbuseLimits.class)
class RedemptionThrottleTest {

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool database;

    @Inject
    RedemptionThrottle throttle;

    @BeforeEach
    @AfterEach
    void forgetCounts() {
        database.query("delete from redemption_throttle").execute().await().indefinitely();
    }

    @Test
    void failuresPastTheMaximumAreRefused429WithRetryAfterEvenForAValidCode() {
        String login = login();
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT; i++) {
            redeem(new Redemption(unknownCode(), login)).statusCode(404);
        }
        UUID contact = newContact("Tess Throttled");
        Api.Invitation valid = newInvitation(groupInvitation(List.of(contact)));

        throttled(redeem(new Redemption(valid.code(), login)));
        getInvitation(valid.id()).body("redemptionCount", equalTo(0));
    }

    @Test
    void anotherLoginIsNotAffected() {
        String blocked = login();
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT; i++) {
            redeem(new Redemption(unknownCode(), blocked)).statusCode(404);
        }
        throttled(redeem(new Redemption(unknownCode(), blocked)));

        UUID contact = newContact("Otto Other");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        Redemption other = redeemAs(invitation.code(), contact);
        redeem(other.withCode(unknownCode())).statusCode(404);
        redeem(other).statusCode(200);
    }

    @Test
    void successesDoNotCount() {
        UUID contact = newContact("Sam Success");
        Api.Invitation first = newInvitation(singleInvitation(contact));
        Api.Invitation second = newInvitation(singleInvitation(contact));
        Redemption own = redeemAs(first.code(), contact);
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT - 1; i++) {
            redeem(own.withCode(unknownCode())).statusCode(404);
        }
        redeem(own).statusCode(200);
        redeem(own.withCode(second.code())).statusCode(200);

        redeem(own.withCode(unknownCode())).statusCode(404);
        throttled(redeem(own.withCode(unknownCode())));
    }

    @Test
    void refusalsOfAnExistingCodeCountForTheLoginOnly() {
        UUID invitee = newContact("Ivy Invitee");
        Api.Invitation invitation = newInvitation(singleInvitation(invitee));
        String intruder = TestTokens.portalUser(UUID.randomUUID().toString(), "Ian Intruder", uniqueEmail("ian"));
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT; i++) {
            redeem(new Redemption(invitation.code(), intruder)).statusCode(403);
        }
        throttled(redeem(new Redemption(invitation.code(), intruder)));

        // Neither the code's prefix nor the shared address counted the 403s: its own invitee still redeems.
        redeem(redeemAs(invitation.code(), invitee)).statusCode(200);
    }

    @Test
    void guessesSpreadOverLoginsAreThrottledPerCodePrefix() {
        String prefix = unknownCode().substring(0, 4);
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_CODE_PREFIX; i++) {
            redeem(new Redemption(prefix + unknownCode().substring(4), login())).statusCode(404);
        }
        String fresh = login();
        throttled(redeem(new Redemption(prefix + unknownCode().substring(4), fresh)));
        // The prefix of the code as normalized: case and separators do not make it another prefix.
        throttled(redeem(new Redemption(prefix.toLowerCase().substring(0, 2) + "-" + prefix.substring(2) + unknownCode().substring(4), fresh)));
        redeem(new Redemption(otherPrefix(prefix) + unknownCode().substring(4), fresh)).statusCode(404);
    }

    @Test
    void theClientAddressIsThrottledWhenTurnedOn() {
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_CLIENT_IP; i++) {
            redeem(new Redemption(unknownCode(), login())).statusCode(404);
        }
        throttled(redeem(new Redemption(unknownCode(), login())));
    }

    @Test
    void aLoginRedeemsAgainOnceItsBlockHasEnded() {
        UUID contact = newContact("Bo Blocked");
        Api.Invitation invitation = newInvitation(singleInvitation(contact));
        Redemption own = redeemAs(invitation.code(), contact);
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT; i++) {
            redeem(own.withCode(unknownCode())).statusCode(404);
        }
        throttled(redeem(own));

        // Ten minutes pass: the block and the window end (moved into the past rather than waited for).
        database.query("update redemption_throttle set blocked_until = now() - interval '1 second', "
                + "window_started_at = now() - interval '1 hour'").execute().await().indefinitely();
        redeem(own).statusCode(200);
    }

    @Test
    void countsWhoseWindowAndBlockHavePassedArePruned() {
        String blocked = login();
        for (int i = 0; i < LowAbuseLimits.FAILURES_PER_SUBJECT; i++) {
            redeem(new Redemption(unknownCode(), blocked)).statusCode(404);
        }
        database.query("update redemption_throttle set window_started_at = now() - interval '1 hour'").execute().await().indefinitely();

        throttle.prune().await().indefinitely();

        // Only the blocked login's count is left, until its block ends; the prefixes' and the address's are gone.
        assertEquals(1L, rows("select count(*) from redemption_throttle"));
        assertEquals(1L, rows("select count(*) from redemption_throttle where blocked_until > now()"));
        throttled(redeem(new Redemption(unknownCode(), blocked)));
    }

    private long rows(String countQuery) {
        return database.query(countQuery).execute().await().indefinitely().iterator().next().getLong(0);
    }

    static void throttled(ValidatableResponse response) {
        response.statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt, allOf(greaterThan(0), lessThanOrEqualTo(600)))
                .body("status", equalTo(429))
                .body("type", equalTo(Api.problemType("too-many-attempts")))
                .body("detail", containsString("Too many failed attempts"));
    }

    private static String login() {
        return TestTokens.portalUser("guesser-" + UUID.randomUUID(), "Gus Guesser", uniqueEmail("gus"));
    }

    static String unknownCode() {
        StringBuilder code = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            code.append(CROCKFORD.charAt(RANDOM.nextInt(CROCKFORD.length())));
        }
        return code.toString();
    }

    private static String otherPrefix(String prefix) {
        char first = prefix.charAt(0) == 'Z' ? 'Y' : 'Z';
        return first + prefix.substring(1);
    }
}
