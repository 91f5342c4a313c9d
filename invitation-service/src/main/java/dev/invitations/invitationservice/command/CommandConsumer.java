package dev.invitations.invitationservice.command;

import dev.invitations.commons.failure.UntilApplied;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.CommandResult;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code invitations.commands}, one record at a time: commands are few, and each is one transaction with its
 * answer. A record is acknowledged (its offset committed) only once its answer is in the outbox. A database that is
 * away is waited out; a refused or malformed command is answered, never dead-lettered; only a failure that is no
 * refusal (a bug) sends the record to the dead-letter topic.
 */
@ApplicationScoped
public class CommandConsumer {

    private final CommandService commands;

    public CommandConsumer(CommandService commands) {
        this.commands = commands;
    }

    @Incoming("commands")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
        String coordinates = record.getTopic() + "-" + record.getPartition() + "@" + offset;
        boolean keyed = CommandService.usableId(id);
        String what = "Command " + (keyed ? id : coordinates) + " (" + type + ")";
        return UntilApplied.retrying(what, () -> keyed ? commands.handle(new Command(id, type, record.getPayload()))
                        : commands.refuseWithoutId(coordinates, type, id))
                .onItemOrFailure().transformToUni((result, failure) -> {
                    if (failure != null) {
                        Log.errorf(failure, "%s could not be answered; it goes to the dead-letter topic", what);
                        return Uni.createFrom().completionStage(() -> record.nack(failure));
                    }
                    log(what, result);
                    return Uni.createFrom().completionStage(record::ack);
                });
    }

    /** The ids and the outcome only: a command's body holds contacts' names and addresses. */
    private static void log(String what, CommandResult result) {
        if (result.outcome() == CommandResult.Outcome.ACCEPTED) {
            Log.infof("%s accepted", what);
        } else {
            Log.infof("%s rejected: %d %s", what, result.problem().status(), result.problem().title());
        }
    }

    private static String header(KafkaRecord<String, String> record, String name) {
        Header header = record.getHeaders().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
