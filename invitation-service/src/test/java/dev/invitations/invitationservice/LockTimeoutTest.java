package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.revoke;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A request that waits on a row lock longer than the lock timeout is refused with 503 and Retry-After, changing
 * nothing, instead of holding its connection for as long as the lock is held; once the lock is gone it goes through.
 */
@QuarkusTest
@TestProfile(LockTimeoutTest.ShortLockTimeout.class)
class LockTimeoutTest {

    @Test
    void aRevocationThatWaitsOnAHeldLockIsRefusedWithRetryAfterAndRevokesNothing() throws Exception {
        UUID invitation = newInvitation(singleInvitation(newContact("Lena Locked"))).id();
        try (Connection holder = TestDatabase.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select id from invitation where id = ? for update")) {
                lock.setObject(1, invitation);
                lock.executeQuery().close();
            }

            revoke(invitation).statusCode(503).header("Retry-After", "5")
                    .contentType("application/problem+json").body("detail", equalTo(
                            "The database is unavailable or busy; nothing was changed, retry shortly"));
            holder.rollback();
        }
        getInvitation(invitation).body("status", equalTo("CREATED"));
        revoke(invitation).statusCode(200).body("status", equalTo("REVOKED"));
    }

    public static class ShortLockTimeout implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.additional-properties.lock_timeout", "1s");
        }
    }
}
