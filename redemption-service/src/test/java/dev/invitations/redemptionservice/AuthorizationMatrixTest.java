package dev.invitations.redemptionservice;

import static dev.invitations.commons.security.Roles.ACCOUNTS_ADMIN;
import static dev.invitations.commons.security.Roles.INVITATIONS_OPERATOR;
import static dev.invitations.commons.security.Roles.SERVICE;

import dev.invitations.testsupport.AuthorizationMatrix;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may call each endpoint. This table is the specification, written out here rather than read from the
 * annotations: an endpoint whose {@code @RolesAllowed} drifts from it, or a new endpoint without a row, fails.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    static final Map<String, Set<String>> RULES = Map.ofEntries(
            Map.entry("POST /accounts", Set.of(ACCOUNTS_ADMIN)),
            Map.entry("GET /accounts", Set.of(ACCOUNTS_ADMIN, INVITATIONS_OPERATOR, SERVICE)),
            Map.entry("GET /accounts/{id}", Set.of(ACCOUNTS_ADMIN, INVITATIONS_OPERATOR, SERVICE)),
            Map.entry("POST /web-roles", Set.of(ACCOUNTS_ADMIN)),
            Map.entry("DELETE /web-roles/{id}", Set.of(ACCOUNTS_ADMIN)),
            Map.entry("GET /web-roles", Set.of(ACCOUNTS_ADMIN, INVITATIONS_OPERATOR, SERVICE)),
            Map.entry("GET /web-roles/{id}", Set.of(ACCOUNTS_ADMIN, INVITATIONS_OPERATOR, SERVICE)),
            Map.entry("GET /contacts/{contactId}/access", Set.of(INVITATIONS_OPERATOR, ACCOUNTS_ADMIN, SERVICE)),
            Map.entry("GET /redemption-activities", Set.of(INVITATIONS_OPERATOR, ACCOUNTS_ADMIN)));

    @TestFactory
    Stream<DynamicTest> eachEndpointAdmitsExactlyItsRoles() {
        return AuthorizationMatrix.check(RULES);
    }
}
