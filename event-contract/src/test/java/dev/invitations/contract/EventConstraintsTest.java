package dev.invitations.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The constraints each consumer relies on, checked without any server: what they refuse and what they let through. */
class EventConstraintsTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();
    private static final UUID ID = Samples.ID;
    private static final Instant AT = Samples.AT;

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void everySampleIsValid() {
        for (Record event : Samples.all()) {
            assertEquals(Set.of(), violatedPaths(event), event.getClass().getSimpleName());
        }
    }

    @Test
    void optionalFieldsMayBeAbsent() {
        List<Record> sparse = List.of(
                new InvitationSent(ID, ID, "Partner portal", InvitationType.SINGLE, "Y29kZQ==", null,
                        new InvitationSent.Sender("Olivia Owner", "owner@example.org"), null,
                        new InvitationSent.Recipient(ID, "Ada Lovelace", "ada@example.org", null), null, AT),
                Samples.invitationRedeemed(new InvitationRedeemed.RedeemingContact(ID, "Ada Lovelace", null)),
                new InvitationRedeemed(ID, ID, "Partner portal", InvitationType.SINGLE, Samples.redeemingContact(), null, null,
                        null, 1, 1, AT),
                new InvitationEmailFailed(ID, ID, ID, ID, "ada@example.org", null, 0, AT),
                new ContactAccessGranted(ID, ID, ID, null, List.of(), AT),
                new InvitationCreated(ID, ID, "Partner portal", InvitationType.GROUP, 10, null, List.of(), null, null, null,
                        null, null, AT),
                new InvitationExtended(ID, ID, null, null, AT),
                new CommandResult(ID.toString(), CommandTypes.CREATE_CONTACT, CommandResult.Outcome.ACCEPTED, null, null, AT),
                Samples.commandResult(new CommandResult.CommandProblem(null, "Conflict", 409, null, null)));
        for (Record event : sparse) {
            assertEquals(Set.of(), violatedPaths(event), event.getClass().getSimpleName());
        }
    }

    static Stream<Arguments> invalidEvents() {
        String tooLong = "x".repeat(201);
        return Stream.of(
                refused(Samples.invitationSent(null), "recipient"),
                refused(Samples.invitationSent(new InvitationSent.Recipient(ID, "Ada Lovelace", null, "en")), "recipient.email"),
                refused(Samples.invitationSent(new InvitationSent.Recipient(ID, "Ada Lovelace", "not-an-address", "en")),
                        "recipient.email"),
                refused(Samples.invitationSent(new InvitationSent.Recipient(null, " ", "a@" + "b".repeat(320) + ".org",
                        "x".repeat(36))), "recipient.contactId", "recipient.fullName", "recipient.email", "recipient.locale"),
                refused(new InvitationSent(null, null, tooLong, null, "c".repeat(401), null, new InvitationSent.Sender("", "owner"),
                        new InvitationSent.Inviter(null, null, "grace"), Samples.recipient(), "k".repeat(101), null),
                        "eventId", "invitationId", "invitationName", "type", "encryptedCode", "sender.name", "sender.email",
                        "inviter.contactId", "inviter.fullName", "inviter.email", "templateKey", "sentAt"),
                refused(Samples.invitationRedeemed(null), "contact"),
                refused(Samples.invitationRedeemed(new InvitationRedeemed.RedeemingContact(null, "", "ada")),
                        "contact.id", "contact.fullName", "contact.email"),
                refused(new InvitationRedeemed(null, null, "", null, Samples.redeemingContact(), null, Arrays.asList(ID, null),
                        "w".repeat(201), 0, 0, null),
                        "eventId", "invitationId", "invitationName", "type", "webRoleIds[1].<list element>", "workflowId",
                        "redemptionCount", "maxRedemptions", "redeemedAt"),
                refused(new InvitationEmailDelivered(null, null, null, null, "nobody", "", 0, null),
                        "eventId", "invitationId", "contactId", "deliveryId", "recipient", "templateKey", "templateVersion",
                        "deliveredAt"),
                refused(new InvitationEmailFailed(null, null, null, null, null, null, -1, null),
                        "eventId", "invitationId", "contactId", "deliveryId", "recipient", "attempts", "failedAt"),
                refused(new ContactAccessGranted(null, null, null, null, null, null),
                        "eventId", "contactId", "invitationId", "webRoleIds", "grantedAt"),
                refused(new InvitationCreated(null, null, null, null, 0, null, null, null, null, Arrays.asList((UUID) null), null,
                        "k".repeat(101), null),
                        "eventId", "invitationId", "invitationName", "type", "maxRedemptions", "invitedContactIds",
                        "webRoleIds[0].<list element>", "templateKey", "createdAt"),
                refused(new InvitationRevoked(null, null, null), "eventId", "invitationId", "revokedAt"),
                refused(new InvitationExtended(null, null, AT, AT, null), "eventId", "invitationId", "extendedAt"),
                refused(new InvitationExpired(null, null, null, -1, 0),
                        "eventId", "invitationId", "expiredAt", "redemptionCount", "maxRedemptions"),
                refused(new ContactErased(null, null, null), "eventId", "contactId", "erasedAt"),
                refused(new CommandResult("", " ", null, null, null, null), "commandId", "commandType", "outcome", "answeredAt"),
                refused(Samples.commandResult(new CommandResult.CommandProblem(null, "", 200, null, Arrays.asList(
                                new CommandResult.FieldError("", null), null))),
                        "problem.title", "problem.status", "problem.errors[0].field", "problem.errors[0].message",
                        "problem.errors[1].<list element>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void constraintsRefuseWhatAConsumerCannotUse(String description, Record event, Set<String> expectedPaths) {
        assertEquals(expectedPaths, violatedPaths(event));
    }

    private static Arguments refused(Record event, String... paths) {
        return Arguments.of(event.getClass().getSimpleName() + " without " + String.join(", ", paths), event, Set.of(paths));
    }

    private static Set<String> violatedPaths(Object event) {
        return VALIDATOR.validate(event).stream()
                .map(ConstraintViolation::getPropertyPath)
                .map(Object::toString)
                .collect(Collectors.toSet());
    }
}
