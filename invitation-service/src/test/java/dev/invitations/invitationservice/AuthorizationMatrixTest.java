package dev.invitations.invitationservice;

import static dev.invitations.commons.security.Roles.INVITATIONS_OPERATOR;
import static dev.invitations.commons.security.Roles.PORTAL;
import static dev.invitations.commons.security.Roles.SERVICE;

import dev.invitations.testsupport.AuthorizationMatrix;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Who may call each operation of invitation-service: this table is the rule, the OpenAPI document the inventory. */
@QuarkusTest
class AuthorizationMatrixTest {

    private static final Map<String, Set<String>> RULES = Map.ofEntries(
            Map.entry("POST /contacts", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("GET /contacts", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("GET /contacts/{id}", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("PUT /contacts/{id}", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("DELETE /contacts/{id}", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("POST /invitations", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("GET /invitations", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("GET /invitations/{id}", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("POST /invitations/{id}/revoke", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("PUT /invitations/{id}/expiry", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("GET /invitations/{id}/redemptions", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("POST /invitations/{id}/send", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("POST /invitations/send", Set.of(INVITATIONS_OPERATOR)),
            Map.entry("POST /invitations/lookup", Set.of(SERVICE, PORTAL)),
            Map.entry("POST /invitations/redeem", Set.of(PORTAL)));

    @TestFactory
    Stream<DynamicTest> everyOperationAnswersOnlyTheRolesItsRuleNames() {
        return AuthorizationMatrix.check(RULES);
    }
}
