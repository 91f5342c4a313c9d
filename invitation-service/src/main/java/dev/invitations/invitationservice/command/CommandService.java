package dev.invitations.invitationservice.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.commons.problem.ProblemException;
import dev.invitations.contract.CommandResult;
import dev.invitations.contract.CommandResult.CommandProblem;
import dev.invitations.contract.CommandTypes;
import dev.invitations.invitationservice.contact.ContactRequest;
import dev.invitations.invitationservice.contact.ContactService;
import dev.invitations.invitationservice.invitation.CreateInvitationRequest;
import dev.invitations.invitationservice.invitation.InvitationResponse;
import dev.invitations.invitationservice.invitation.InvitationService;
import dev.invitations.invitationservice.sending.SendingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies operators' commands from {@code invitations.commands} once per command id, through the same services the
 * HTTP API calls, and answers each with what the API would answer ({@link CommandResults}).
 *
 * <p>Every answer is kept under its command id, and a command seen again gets it again, except a refusal for now (429
 * sent too recently, 503 an owner service unreachable): nothing was changed, so the same command may be sent again
 * later and then be applied.
 */
@ApplicationScoped
public class CommandService {

    /** The result's Kafka key is the command id: an outbox row's key holds 200 characters. */
    static final int MAX_ID_LENGTH = 200;

    private static final Set<String> TYPES = Set.of(CommandTypes.CREATE_INVITATION, CommandTypes.SEND_INVITATIONS,
            CommandTypes.REVOKE_INVITATION, CommandTypes.EXTEND_INVITATION, CommandTypes.CREATE_CONTACT);

    private final InvitationService invitations;
    private final SendingService sending;
    private final ContactService contacts;
    private final CommandResults results;
    private final ObjectMapper json;
    private final Validator validator;

    public CommandService(InvitationService invitations, SendingService sending, ContactService contacts, CommandResults results,
            ObjectMapper json, Validator validator) {
        this.invitations = invitations;
        this.sending = sending;
        this.contacts = contacts;
        this.results = results;
        this.json = json;
        this.validator = validator;
    }

    /** True for an id the answer can be keyed and kept by. */
    static boolean usableId(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH;
    }

    /** Applies the command unless its id was answered before; completes once the answer is in the outbox. */
    public Uni<CommandResult> handle(Command command) {
        return results.stored(command.id())
                .flatMap(stored -> stored != null ? results.answerAgain(stored) : firstHandling(command));
    }

    /**
     * Answers a record that has no usable ce_id under {@code key} (its topic, partition and offset): it cannot be
     * applied once per id, so it is not applied at all, and nothing is kept.
     */
    public Uni<CommandResult> refuseWithoutId(String key, String type, String id) {
        String detail = id == null || id.isBlank() ? "The command has no ce_id header, its idempotency key; add one"
                : "The command's ce_id is longer than " + MAX_ID_LENGTH + " characters";
        CommandProblem problem = CommandProblems.of(ProblemException.badRequest("ce_id", detail)).orElseThrow();
        return results.answerOnly(key, CommandResults.rejected(null, type, problem));
    }

    private Uni<CommandResult> firstHandling(Command command) {
        String knownType = command.type() != null && TYPES.contains(command.type()) ? command.type() : null;
        Operation operation;
        try {
            operation = operation(command);
        } catch (RuntimeException | JsonProcessingException refusal) {
            return refuse(command, knownType, refusal);
        }
        return operation.check()
                .flatMap(checked -> results.applyOnce(command, knownType, operation.apply()))
                .onFailure(CommandProblems::isRefusal).recoverWithUni(refusal -> refuse(command, knownType, refusal));
    }

    private Uni<CommandResult> refuse(Command command, String knownType, Throwable refusal) {
        CommandProblem problem = CommandProblems.of(refusal).orElseThrow();
        return CommandProblems.isForNow(problem)
                ? results.answerOnly(command.id(), CommandResults.rejected(command.id(), command.type(), problem))
                : results.refuse(command, knownType, problem);
    }

    /** What a command does: checks made before its transaction (at other services), then its effect inside it. */
    private record Operation(Supplier<Uni<Void>> checks, Supplier<Uni<JsonNode>> apply) {

        Uni<Void> check() {
            return checks.get();
        }

        static Operation inTransaction(Supplier<Uni<JsonNode>> apply) {
            return new Operation(() -> Uni.createFrom().voidItem(), apply);
        }
    }

    private Operation operation(Command command) throws JsonProcessingException {
        if (command.type() == null || command.type().isBlank()) {
            throw ProblemException.badRequest("ce_type", "the command has no ce_type header; it names the command, one of "
                    + TYPES.stream().sorted().toList());
        }
        return switch (command.type()) {
            case CommandTypes.CREATE_INVITATION -> {
                CreateInvitationRequest request = read(command, CreateInvitationRequest.class);
                yield new Operation(() -> invitations.check(request),
                        () -> invitations.store(request).map(InvitationResponse::withoutCode).map(this::tree));
            }
            case CommandTypes.SEND_INVITATIONS -> {
                CommandBodies.SendInvitations request = read(command, CommandBodies.SendInvitations.class);
                if (request.one()) {
                    yield Operation.inTransaction(() -> sending.sendOne(request.invitationId()).map(this::tree));
                }
                if (request.several()) {
                    yield Operation.inTransaction(() -> sending.sendInOneTransaction(request.invitationIds()).map(this::tree));
                }
                throw ProblemException.badRequest("invitationIds",
                        "give either invitationId (one invitation) or a non-empty invitationIds (several), not both");
            }
            case CommandTypes.REVOKE_INVITATION -> {
                CommandBodies.RevokeInvitation request = read(command, CommandBodies.RevokeInvitation.class);
                yield Operation.inTransaction(() -> invitations.revoke(request.invitationId()).map(this::tree));
            }
            case CommandTypes.EXTEND_INVITATION -> {
                CommandBodies.ExtendInvitation request = read(command, CommandBodies.ExtendInvitation.class);
                yield Operation.inTransaction(() -> invitations.extend(request.invitationId(), request.expiresAt()).map(this::tree));
            }
            case CommandTypes.CREATE_CONTACT -> {
                ContactRequest request = read(command, ContactRequest.class);
                yield Operation.inTransaction(() -> contacts.create(request).map(this::tree));
            }
            default -> throw ProblemException.badRequest("ce_type", "unknown command type '" + command.type() + "'; one of "
                    + TYPES.stream().sorted().toList());
        };
    }

    /** As the HTTP API reads its body: unknown fields refused, then Bean Validation. */
    private <T> T read(Command command, Class<T> type) throws JsonProcessingException {
        T body = command.body() == null || command.body().isBlank() ? null : json.readValue(command.body(), type);
        if (body == null) {
            throw new ProblemException(Status.BAD_REQUEST, "The command's value must be a JSON object: the body the HTTP API "
                    + "takes for the same operation");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }

    private JsonNode tree(Object answer) {
        return json.valueToTree(answer);
    }
}
