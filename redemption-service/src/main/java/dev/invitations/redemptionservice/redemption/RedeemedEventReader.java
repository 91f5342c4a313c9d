package dev.invitations.redemptionservice.redemption;

import dev.invitations.commons.inbox.EventReader;
import dev.invitations.commons.inbox.MalformedEventException;
import dev.invitations.contract.InvitationRedeemed;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an InvitationRedeemed record and refuses one this service cannot apply. The contract record carries no
 * constraints of its own, so the fields a redemption cannot be applied without are checked here; anything refused
 * goes to the dead-letter topic rather than half into the database.
 */
final class RedeemedEventReader {

    static InvitationRedeemed read(String body, Validator validator) {
        InvitationRedeemed event = EventReader.read(body, InvitationRedeemed.class, validator);
        List<String> missing = new ArrayList<>();
        if (event.eventId() == null) {
            missing.add("eventId");
        }
        if (event.invitationId() == null) {
            missing.add("invitationId");
        }
        if (event.contact() == null || event.contact().id() == null) {
            missing.add("contact.id");
        }
        if (event.redeemedAt() == null) {
            missing.add("redeemedAt");
        }
        if (event.webRoleIds() != null && event.webRoleIds().contains(null)) {
            missing.add("webRoleIds[" + event.webRoleIds().indexOf(null) + "]");
        }
        if (!missing.isEmpty()) {
            throw new MalformedEventException("Invalid InvitationRedeemed: missing " + String.join(", ", missing), null);
        }
        return event;
    }

    private RedeemedEventReader() {
    }
}
