package dev.invitations.invitationservice.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Looks up records other services own. A short timeout and a couple of quick retries ride out a blip; the circuit
 * breaker stops a dead owner from holding every invitation request for the full retry time. Empty means the owner
 * answered 404; every other failure (down, timing out, answering 5xx) fails the Uni. Each lookup has its own breaker.
 */
@ApplicationScoped
@Timeout(value = 1500, unit = ChronoUnit.MILLIS)
@Retry(maxRetries = 2, delay = 100, jitter = 50)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS)
public class OwnerRecords {

    private final RedemptionServiceClient redemptionService;
    private final WorkflowServiceClient workflowService;

    public OwnerRecords(@RestClient RedemptionServiceClient redemptionService, @RestClient WorkflowServiceClient workflowService) {
        this.redemptionService = redemptionService;
        this.workflowService = workflowService;
    }

    public Uni<Optional<OwnedRecord>> account(UUID id) {
        return present(redemptionService.account(id));
    }

    public Uni<Optional<OwnedRecord>> webRole(UUID id) {
        return present(redemptionService.webRole(id));
    }

    public Uni<Optional<OwnedRecord>> workflow(String id) {
        return present(workflowService.workflow(id));
    }

    private static Uni<Optional<OwnedRecord>> present(Uni<OwnedRecord> lookup) {
        return lookup.map(Optional::of).onFailure(NotAtOwner.class).recoverWithItem(Optional.empty());
    }
}
