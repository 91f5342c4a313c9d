package dev.invitations.invitationservice;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Abuse limits low enough for a test to reach them in a few calls (the test profile's own are lifted so that the rest
 * of the suite never meets them). The counts live in PostgreSQL, which every test class shares: the classes of this
 * profile delete them before and after each test.
 */
public class LowAbuseLimits implements QuarkusTestProfile {

    static final int FAILURES_PER_SUBJECT = 3;
    static final int FAILURES_PER_CODE_PREFIX = 5;
    static final int FAILURES_PER_CLIENT_IP = 8;
    static final int RECIPIENTS_PER_REQUEST = 5;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "invitation-service.redemption-throttle.max-failures-per-subject", String.valueOf(FAILURES_PER_SUBJECT),
                "invitation-service.redemption-throttle.max-failures-per-code-prefix", String.valueOf(FAILURES_PER_CODE_PREFIX),
                "invitation-service.redemption-throttle.max-failures-per-client-ip", String.valueOf(FAILURES_PER_CLIENT_IP),
                "invitation-service.sending.resend-cooldown", "60s",
                "invitation-service.sending.max-recipients-per-request", String.valueOf(RECIPIENTS_PER_REQUEST));
    }
}
