package dev.invitations.invitationservice.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.commons.outbox.Outbox;
import dev.invitations.commons.retention.HandledMessageTable;
import dev.invitations.contract.CommandResult;
import dev.invitations.contract.CommandResult.CommandProblem;
import dev.invitations.contract.CommandResult.Outcome;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The answers to commands: kept in {@code command_result} by command id and published to
 * {@link Topics#COMMAND_RESULTS} through the outbox, so that an answer is published exactly when what it reports
 * committed, and at least once.
 */
@ApplicationScoped
class CommandResults {

    /** Waits for a concurrent transaction holding the same id, then finds its row: only one of them applies the command. */
    private static final String CLAIM = """
            insert into command_result (command_id, command_type, received_at) values (:id, :type, now())
            on conflict (command_id) do nothing""";

    private static final String RECORD = "update command_result set result = :result where command_id = :id";

    /**
     * A command's id must be met again as long as the command can be redelivered or re-driven, exactly like a processed
     * event's id, and no longer: the shared retention purges the answers with that window.
     */
    @Produces
    @Singleton
    static final HandledMessageTable ANSWERED_COMMANDS = new HandledMessageTable("command_result", "command_id", "received_at");

    private static final String STORE = """
            insert into command_result (command_id, command_type, result, received_at) values (:id, :type, :result, now())
            on conflict (command_id) do nothing""";

    private static final String FIND = "select result from command_result where command_id = :id";

    private final Outbox outbox;
    private final ObjectMapper json = EventJson.mapper();

    CommandResults(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The answer given to this command id before, or null. */
    @WithSession
    Uni<CommandResult> stored(String commandId) {
        return find(commandId);
    }

    /**
     * Claims the command id, applies the effect and records its answer, in one transaction that the effect's own
     * {@code @WithTransaction} joins: the effect commits with its answer, or neither does. A command id claimed by an
     * earlier or concurrent delivery is answered with that delivery's answer, and the effect is not run.
     */
    @WithTransaction
    Uni<CommandResult> applyOnce(Command command, String knownType, Supplier<Uni<JsonNode>> effect) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM)
                        .setParameter("id", command.id())
                        .setParameter("type", knownType)
                        .executeUpdate())
                .flatMap(claimed -> claimed == 0 ? find(command.id()).call(this::publish)
                        : effect.get().flatMap(body -> {
                            CommandResult accepted = new CommandResult(command.id(), command.type(), Outcome.ACCEPTED, body, null,
                                    Instant.now());
                            return Panache.getSession()
                                    .flatMap(session -> session.createNativeQuery(RECORD)
                                            .setParameter("id", command.id())
                                            .setParameter("result", toJson(accepted))
                                            .executeUpdate())
                                    .flatMap(recorded -> publish(accepted))
                                    .replaceWith(accepted);
                        }));
    }

    /**
     * Keeps and publishes a refusal, after the effect's transaction rolled back. A concurrent delivery that answered
     * first wins: its answer is published again instead.
     */
    @WithTransaction
    Uni<CommandResult> refuse(Command command, String knownType, CommandProblem problem) {
        CommandResult rejected = rejected(command.id(), command.type(), problem);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(STORE)
                        .setParameter("id", command.id())
                        .setParameter("type", knownType)
                        .setParameter("result", toJson(rejected))
                        .executeUpdate())
                .flatMap(stored -> stored == 1 ? publish(rejected).replaceWith(rejected) : find(command.id()).call(this::publish));
    }

    /** Publishes an answer that is not kept: a refusal for now, or one to a command without a usable id. */
    @WithTransaction
    Uni<CommandResult> answerOnly(String key, CommandResult result) {
        return publish(key, result).replaceWith(result);
    }

    /** An earlier answer, published again: the same value under the same key (a new event id). */
    @WithTransaction
    Uni<CommandResult> answerAgain(CommandResult stored) {
        return publish(stored).replaceWith(stored);
    }

    static CommandResult rejected(String commandId, String commandType, CommandProblem problem) {
        return new CommandResult(commandId, commandType, Outcome.REJECTED, null, problem, Instant.now());
    }

    private Uni<CommandResult> find(String commandId) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(FIND, String.class)
                        .setParameter("id", commandId)
                        .getSingleResultOrNull())
                .map(stored -> stored == null ? null : fromJson(stored));
    }

    private Uni<Void> publish(CommandResult result) {
        return publish(result.commandId(), result);
    }

    private Uni<Void> publish(String key, CommandResult result) {
        return outbox.append(Topics.COMMAND_RESULTS, key, EventTypes.COMMAND_RESULT, UUID.randomUUID(), result);
    }

    private String toJson(CommandResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CommandResult fromJson(String stored) {
        try {
            return json.readValue(stored, CommandResult.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
