package dev.invitations.localinfra.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How long Keycloak may take to answer: its starter's budget when one is handed down, three minutes otherwise. */
class KeycloakStartTimeoutTest {

    @Test
    void theStartersBudgetIsTheWait() {
        assertEquals(Duration.ofSeconds(300), KeycloakServer.startTimeout(Map.of(KeycloakServer.START_TIMEOUT_VARIABLE, " 300 ")));
    }

    @Test
    void withoutABudgetKeycloakWaitsThreeMinutes() {
        assertEquals(Duration.ofMinutes(3), KeycloakServer.startTimeout(Map.of()));
        assertEquals(Duration.ofMinutes(3), KeycloakServer.startTimeout(Map.of(KeycloakServer.START_TIMEOUT_VARIABLE, "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "3m", "PT3M", "1.5"})
    void aBudgetThatIsNotAWholeNumberOfSecondsIsRefusedByName(String budget) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> KeycloakServer.startTimeout(Map.of(KeycloakServer.START_TIMEOUT_VARIABLE, budget)));
        assertTrue(refused.getMessage().startsWith(KeycloakServer.START_TIMEOUT_VARIABLE), refused.getMessage());
    }
}
