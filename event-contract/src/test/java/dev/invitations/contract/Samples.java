package dev.invitations.contract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One valid instance of every record on a topic, every optional field filled so that each one is checked. */
final class Samples {

    static final UUID ID = UUID.fromString("0b9e3c1a-54f4-4a5e-9d1c-3f3c2f8e7a10");
    static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    static InvitationSent.Recipient recipient() {
        return new InvitationSent.Recipient(ID, "Ada Lovelace", "ada@example.org", "en-GB");
    }

    static InvitationSent invitationSent(InvitationSent.Recipient recipient) {
        return new InvitationSent(ID, ID, "Partner portal", InvitationType.SINGLE, "bm9uY2UtY2lwaGVydGV4dC10YWc=", AT,
                new InvitationSent.Sender("Olivia Owner", "owner@example.org"),
                new InvitationSent.Inviter(ID, "Grace Hopper", "grace@example.org"), recipient, "send-invitation", AT);
    }

    static InvitationRedeemed invitationRedeemed(InvitationRedeemed.RedeemingContact contact) {
        return new InvitationRedeemed(ID, ID, "Partner portal", InvitationType.GROUP, contact, ID, List.of(ID),
                "welcome-webhook", 1, 10, AT);
    }

    static InvitationRedeemed.RedeemingContact redeemingContact() {
        return new InvitationRedeemed.RedeemingContact(ID, "Ada Lovelace", "ada@example.org");
    }

    static CommandResult commandResult(CommandResult.CommandProblem problem) {
        return new CommandResult(ID.toString(), CommandTypes.REVOKE_INVITATION, CommandResult.Outcome.REJECTED,
                JsonNodeFactory.instance.objectNode().put("id", ID.toString()), problem, AT);
    }

    static CommandResult.CommandProblem problem(CommandResult.FieldError error) {
        return new CommandResult.CommandProblem("about:blank", "Bad Request", 400, "invitationId is missing", List.of(error));
    }

    /** Every top-level record, the type a consumer reads, by the class the drift test looks it up with. */
    static List<Record> all() {
        return List.of(
                invitationSent(recipient()),
                invitationRedeemed(redeemingContact()),
                new InvitationEmailDelivered(ID, ID, ID, ID, "ada@example.org", "send-invitation", 1, AT),
                new InvitationEmailFailed(ID, ID, ID, ID, "ada@example.org", "550 mailbox unavailable", 3, AT),
                new ContactAccessGranted(ID, ID, ID, ID, List.of(ID), AT),
                new InvitationCreated(ID, ID, "Partner portal", InvitationType.GROUP, 10, AT, List.of(ID), ID, ID, List.of(ID),
                        "welcome-contact", "send-invitation", AT),
                new InvitationRevoked(ID, ID, AT),
                new InvitationExtended(ID, ID, AT, AT.plusSeconds(86_400), AT),
                new InvitationExpired(ID, ID, AT, 0, 1),
                new ContactErased(ID, ID, AT),
                commandResult(problem(new CommandResult.FieldError("invitationId", "must not be null"))));
    }

    private Samples() {
    }
}
