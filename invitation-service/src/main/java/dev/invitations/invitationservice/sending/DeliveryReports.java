package dev.invitations.invitationservice.sending;

import dev.invitations.commons.failure.UntilApplied;
import dev.invitations.commons.inbox.EventReader;
import dev.invitations.commons.inbox.MalformedEventException;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationEmailDelivered;
import dev.invitations.contract.InvitationEmailFailed;
import dev.invitations.invitationservice.invitation.DeliveryStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.Arrays;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes notification-service's reports on invitation emails. A record is acknowledged (its offset committed) only
 * once its effect is committed; a record that can never be handled goes to the dead-letter topic without retries,
 * while a database that is away is waited out ({@link UntilApplied}): a report is never lost to an outage.
 */
@ApplicationScoped
public class DeliveryReports {

    private final DeliveryStatusService statuses;
    private final Validator validator;

    public DeliveryReports(DeliveryStatusService statuses, Validator validator) {
        this.statuses = statuses;
        this.validator = validator;
    }

    @Incoming("email-delivered")
    public Uni<Void> delivered(String record) {
        return Uni.createFrom().item(() -> EventReader.read(record, InvitationEmailDelivered.class, validator))
                .invoke(event -> requireFields(InvitationEmailDelivered.class, event.eventId(), event.invitationId(),
                        event.contactId(), event.deliveredAt()))
                .flatMap(event -> UntilApplied.retrying("InvitationEmailDelivered " + event.eventId(), () -> statuses.record(
                        event.eventId(), EventTypes.INVITATION_EMAIL_DELIVERED, event.invitationId(), event.contactId(),
                        DeliveryStatus.DELIVERED, event.deliveredAt(), null)));
    }

    @Incoming("email-failed")
    public Uni<Void> failed(String record) {
        return Uni.createFrom().item(() -> EventReader.read(record, InvitationEmailFailed.class, validator))
                .invoke(event -> requireFields(InvitationEmailFailed.class, event.eventId(), event.invitationId(),
                        event.contactId(), event.failedAt()))
                .flatMap(event -> UntilApplied.retrying("InvitationEmailFailed " + event.eventId(), () -> statuses.record(
                        event.eventId(), EventTypes.INVITATION_EMAIL_FAILED, event.invitationId(), event.contactId(),
                        DeliveryStatus.FAILED, event.failedAt(), event.reason() == null ? "no reason given" : event.reason())));
    }

    /** The contract records carry no constraints; these are the fields without which a report means nothing here. */
    private static void requireFields(Class<?> type, Object... values) {
        if (Arrays.stream(values).anyMatch(Objects::isNull)) {
            throw new MalformedEventException(type.getSimpleName()
                    + " lacks eventId, invitationId, contactId or its time", null);
        }
    }
}
