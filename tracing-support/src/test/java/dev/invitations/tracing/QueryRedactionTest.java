package dev.invitations.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueryRedactionTest {

    @Test
    void everyValueOfAQueryIsReplacedAndTheNamesStay() {
        assertEquals("code=REDACTED&lang=REDACTED", QueryRedaction.redact("code=K7QX2M9P4R&lang=de"));
        assertEquals("email=REDACTED&page=REDACTED&size=REDACTED", QueryRedaction.redact("email=ada%40example.org&page=0&size=2"));
    }

    @Test
    void aParameterWithoutANameOrValueIsReplacedWhole() {
        assertEquals("REDACTED&a=REDACTED&&REDACTED", QueryRedaction.redact("K7QX2M9P4R&a=1&&=x"));
    }

    @Test
    void anAddressKeepsItsPathAndLosesItsQueryValuesAndFragment() {
        assertEquals("http://invitation-service:8081/contacts?email=REDACTED",
                QueryRedaction.redactAddress("http://invitation-service:8081/contacts?email=ada@example.org"));
        assertEquals("http://portal/redeem?code=REDACTED", QueryRedaction.redactAddress("http://portal/redeem?code=X#top"));
        assertEquals("http://invitation-service:8081/invitations/lookup",
                QueryRedaction.redactAddress("http://invitation-service:8081/invitations/lookup"));
    }
}
