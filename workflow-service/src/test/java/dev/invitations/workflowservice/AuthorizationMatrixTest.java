package dev.invitations.workflowservice;

import static dev.invitations.commons.security.Roles.INVITATIONS_OPERATOR;
import static dev.invitations.commons.security.Roles.SERVICE;
import static dev.invitations.commons.security.Roles.WORKFLOWS_EDITOR;

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
            Map.entry("PUT /workflows/{id}", Set.of(WORKFLOWS_EDITOR)),
            Map.entry("POST /workflows/{id}/activate", Set.of(WORKFLOWS_EDITOR)),
            Map.entry("POST /workflows/{id}/deactivate", Set.of(WORKFLOWS_EDITOR)),
            Map.entry("POST /workflow-runs/{id}/retry", Set.of(WORKFLOWS_EDITOR)),
            Map.entry("GET /workflows", Set.of(WORKFLOWS_EDITOR, INVITATIONS_OPERATOR, SERVICE)),
            Map.entry("GET /workflows/{id}", Set.of(WORKFLOWS_EDITOR, INVITATIONS_OPERATOR, SERVICE)),
            Map.entry("GET /workflows/{id}/versions/{version}", Set.of(WORKFLOWS_EDITOR, INVITATIONS_OPERATOR, SERVICE)),
            Map.entry("GET /workflow-runs", Set.of(WORKFLOWS_EDITOR, INVITATIONS_OPERATOR)),
            Map.entry("GET /workflow-runs/{id}", Set.of(WORKFLOWS_EDITOR, INVITATIONS_OPERATOR)));

    @TestFactory
    Stream<DynamicTest> eachEndpointAdmitsExactlyItsRoles() {
        return AuthorizationMatrix.check(RULES);
    }
}
