package dev.invitations.notificationservice;

import static dev.invitations.commons.security.Roles.INVITATIONS_OPERATOR;
import static dev.invitations.commons.security.Roles.TEMPLATES_EDITOR;

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
            Map.entry("PUT /templates/{key}", Set.of(TEMPLATES_EDITOR)),
            Map.entry("POST /templates/{key}/activate", Set.of(TEMPLATES_EDITOR)),
            Map.entry("POST /templates/{key}/deactivate", Set.of(TEMPLATES_EDITOR)),
            Map.entry("POST /templates/{key}/preview", Set.of(TEMPLATES_EDITOR)),
            Map.entry("GET /templates", Set.of(TEMPLATES_EDITOR, INVITATIONS_OPERATOR)),
            Map.entry("GET /templates/{key}", Set.of(TEMPLATES_EDITOR, INVITATIONS_OPERATOR)),
            Map.entry("GET /templates/{key}/versions", Set.of(TEMPLATES_EDITOR, INVITATIONS_OPERATOR)),
            Map.entry("GET /deliveries", Set.of(INVITATIONS_OPERATOR, TEMPLATES_EDITOR)),
            Map.entry("GET /deliveries/summary", Set.of(INVITATIONS_OPERATOR, TEMPLATES_EDITOR)),
            Map.entry("GET /deliveries/progress", Set.of(INVITATIONS_OPERATOR, TEMPLATES_EDITOR)),
            Map.entry("GET /deliveries/{id}", Set.of(INVITATIONS_OPERATOR, TEMPLATES_EDITOR)));

    @TestFactory
    Stream<DynamicTest> eachEndpointAdmitsExactlyItsRoles() {
        return AuthorizationMatrix.check(RULES);
    }
}
