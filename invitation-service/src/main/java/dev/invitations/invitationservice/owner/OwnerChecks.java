package dev.invitations.invitationservice.owner;

import dev.invitations.commons.problem.Problem.FieldError;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.invitationservice.InvalidFields;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks that the account, web roles and workflow an invitation names exist at the services that own them, before
 * anything is stored: an invitation that grants something that does not exist would fail only at redemption.
 */
@ApplicationScoped
public class OwnerChecks {

    private static final String REDEMPTION_SERVICE = "redemption-service";
    private static final String WORKFLOW_SERVICE = "workflow-service";

    private final OwnerRecords owners;

    public OwnerChecks(OwnerRecords owners) {
        this.owners = owners;
    }

    /**
     * Fails with 400 naming each unknown field, or with 503 when an owner cannot be asked; both before any write.
     */
    public Uni<Void> verify(UUID accountId, List<UUID> webRoleIds, String workflowId) {
        List<Uni<Optional<FieldError>>> checks = new ArrayList<>();
        if (accountId != null) {
            checks.add(check("assignToAccountId", REDEMPTION_SERVICE, owners.account(accountId), "account " + accountId));
        }
        for (int i = 0; webRoleIds != null && i < webRoleIds.size(); i++) {
            UUID webRoleId = webRoleIds.get(i);
            checks.add(check("webRoleIds[" + i + "]", REDEMPTION_SERVICE, owners.webRole(webRoleId), "web role " + webRoleId));
        }
        if (workflowId != null) {
            checks.add(check("workflowId", WORKFLOW_SERVICE, owners.workflow(workflowId), "workflow " + workflowId));
        }
        if (checks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(checks).andFailFast()
                .invoke(results -> {
                    List<FieldError> errors = results.stream().flatMap(Optional::stream).toList();
                    if (!errors.isEmpty()) {
                        throw InvalidFields.problem(errors);
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Optional<FieldError>> check(String field, String service, Uni<Optional<OwnedRecord>> lookup,
            String what) {
        return lookup
                .onFailure().transform(e -> {
                    Log.warnf("Cannot check %s at %s: %s", field, service, e.toString());
                    return ProblemException.unavailable("Cannot check " + field + ": " + service
                            + " is unavailable; nothing was stored, retry later");
                })
                .map(found -> {
                    if (found.isEmpty()) {
                        return Optional.of(new FieldError(field, "no " + what + " at " + service));
                    }
                    // An inactive record exists but would grant or run nothing at redemption.
                    if (Boolean.FALSE.equals(found.get().active())) {
                        return Optional.of(new FieldError(field, what + " is inactive at " + service + "; activate it first"));
                    }
                    return Optional.empty();
                });
    }
}
