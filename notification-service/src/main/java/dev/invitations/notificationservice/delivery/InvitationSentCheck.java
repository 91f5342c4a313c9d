package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.inbox.EventReader;
import dev.invitations.contract.InvitationSent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

/**
 * Reads an InvitationSent and refuses one that could never be mailed (no recipient address, a code or key too long
 * for the deliveries table: the contract's constraints, sized for that table), so that it goes to the dead-letter
 * topic at once instead of failing after retries or leaving a delivery that can never complete.
 */
@ApplicationScoped
class InvitationSentCheck {

    private final Validator validator;

    InvitationSentCheck(Validator validator) {
        this.validator = validator;
    }

    /** @param traceparent the trace the event arrived in, or null */
    ReceivedInvitation read(String payload, String traceparent) {
        return new ReceivedInvitation(EventReader.read(payload, InvitationSent.class, validator), payload, traceparent);
    }
}
