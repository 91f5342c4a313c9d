package dev.invitations.invitationservice.sending;

import dev.invitations.commons.inbox.ProcessedEvents;
import dev.invitations.invitationservice.invitation.DeliveryStatus;
import dev.invitations.invitationservice.invitation.InvitedContact;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class DeliveryStatusService {

    private static final int MAX_REASON_LENGTH = 1000;

    // Reports can arrive late or out of order (a retry's failure after a re-send's success): only a report at least as
    // recent as the current status replaces it, so the status shown is that of the last email.
    private static final String APPLY = """
            deliveryStatus = :status, deliveryStatusAt = :at, deliveryFailure = :failure
            where invitationId = :invitationId and contactId = :contactId
              and (deliveryStatusAt is null or deliveryStatusAt <= :at)""";

    private final ProcessedEvents processedEvents;

    public DeliveryStatusService(ProcessedEvents processedEvents) {
        this.processedEvents = processedEvents;
    }

    /** Applies one report once, whatever the number of deliveries of its event. */
    @WithTransaction
    public Uni<Void> record(UUID eventId, String eventType, UUID invitationId, UUID contactId, DeliveryStatus status,
            Instant at, String failure) {
        return processedEvents.recordFirstHandling(eventId, eventType).flatMap(first -> {
            if (!first) {
                Log.debugf("Event %s already handled; redelivery ignored", eventId);
                return Uni.createFrom().voidItem();
            }
            return InvitedContact.update(APPLY, Parameters.with("status", status)
                            .and("at", at)
                            .and("failure", failure == null ? null : truncate(failure))
                            .and("invitationId", invitationId)
                            .and("contactId", contactId))
                    .invoke(updated -> {
                        if (updated == 1) {
                            Log.infof("Invitation %s, contact %s: email %s", invitationId, contactId, status);
                        } else {
                            Log.infof("Invitation %s, contact %s: %s report not applied; the status is more recent, "
                                    + "or no such contact is invited", invitationId, contactId, status);
                        }
                    })
                    .replaceWithVoid();
        });
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }
}
