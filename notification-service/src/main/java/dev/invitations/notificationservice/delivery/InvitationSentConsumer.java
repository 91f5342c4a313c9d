package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.failure.UntilApplied;
import dev.invitations.commons.inbox.MalformedEventException;
import dev.invitations.commons.tracing.Traceparents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Mails every InvitationSent. Records arrive a poll at a time so that a whole batch is claimed in one transaction while
 * its emails go out in parallel and their outcomes are recorded in small groups as they come ({@link SendingPipeline});
 * each record is still acknowledged or dead-lettered on its own, and only once every outcome of its batch is committed.
 */
@ApplicationScoped
public class InvitationSentConsumer {

    static final String CHANNEL = "invitations-sent";

    private final InvitationSentCheck check;
    private final DeliveryStore store;
    private final SendingPipeline sending;

    private final Timer claimPhase;
    private final Timer sendPhase;

    InvitationSentConsumer(InvitationSentCheck check, DeliveryStore store, SendingPipeline sending, MeterRegistry registry) {
        this.check = check;
        this.store = store;
        this.sending = sending;
        this.claimPhase = BatchPhases.timer(registry, "claim");
        this.sendPhase = BatchPhases.timer(registry, "send");
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> readable = new ArrayList<>();
        List<ReceivedInvitation> received = new ArrayList<>();
        List<Uni<Void>> settled = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                received.add(check.read(record.getPayload(), Traceparents.of(record)));
                readable.add(record);
            } catch (MalformedEventException e) {
                Log.warnf("Dead-lettering record %s-%d@%s: %s", record.getTopic(), record.getPartition(),
                        record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> String.valueOf(m.getOffset())).orElse("?"),
                        e.getMessage());
                settled.add(nack(record, e));
            }
        }
        if (!received.isEmpty()) {
            settled.add(deliver(readable, received));
        }
        return all(settled);
    }

    private Uni<Void> deliver(List<KafkaRecord<String, String>> records, List<ReceivedInvitation> received) {
        return BatchPhases.timed(claimPhase, UntilApplied.retrying("A batch of " + received.size() + " invitation emails",
                        () -> store.claim(received)))
                .flatMap(claims -> {
                    List<Dispatch> dispatches = claims.stream().filter(c -> c.kind() == Claim.Kind.SEND).map(Claim::dispatch).toList();
                    return BatchPhases.timed(sendPhase, sending.sendAll(dispatches))
                            .flatMap(outcomes -> settle(records, claims, outcomes));
                });
    }

    /** Acknowledges what is done (sent, held, duplicate, to an erased recipient) and dead-letters what can never be sent. */
    private Uni<Void> settle(List<KafkaRecord<String, String>> records, List<Claim> claims, List<SendOutcome> outcomes) {
        Map<UUID, SendOutcome> byDelivery = outcomes.stream()
                .collect(Collectors.toMap(outcome -> outcome.dispatch().deliveryId(), Function.identity()));
        List<Uni<Void>> settled = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            KafkaRecord<String, String> record = records.get(i);
            Claim claim = claims.get(i);
            String failure = switch (claim.kind()) {
                case FAILED -> claim.failure();
                case SEND -> byDelivery.get(claim.dispatch().deliveryId()).error();
                case HELD, DUPLICATE, RECIPIENT_ERASED -> null;
            };
            settled.add(failure == null ? ack(record) : nack(record, new UndeliverableEmailException(failure)));
        }
        return all(settled);
    }

    private static Uni<Void> all(List<Uni<Void>> settled) {
        return settled.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(settled).andCollectFailures().replaceWithVoid();
    }

    private static Uni<Void> ack(KafkaRecord<String, String> record) {
        return Uni.createFrom().completionStage(record::ack);
    }

    private static Uni<Void> nack(KafkaRecord<String, String> record, Throwable reason) {
        return Uni.createFrom().completionStage(() -> record.nack(reason));
    }
}
