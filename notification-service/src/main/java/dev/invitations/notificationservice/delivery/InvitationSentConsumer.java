package dev.invitations.notificationservice.delivery;

import dev.invitations.commons.failure.UntilApplied;
import dev.invitations.commons.inbox.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Mails every InvitationSent. Records arrive a poll at a time so that the database work of a whole batch shares two
 * transactions while its emails go out in parallel; each record is still acknowledged or dead-lettered on its own, and
 * only after the outcome it led to is committed.
 */
@ApplicationScoped
public class InvitationSentConsumer {

    static final String CHANNEL = "invitations-sent";

    private final InvitationSentCheck check;
    private final DeliveryStore store;
    private final EmailSender sender;

    private final Timer claimPhase;
    private final Timer sendPhase;
    private final Timer completePhase;

    InvitationSentConsumer(InvitationSentCheck check, DeliveryStore store, EmailSender sender, MeterRegistry registry) {
        this.check = check;
        this.store = store;
        this.sender = sender;
        this.claimPhase = phaseTimer(registry, "claim");
        this.sendPhase = phaseTimer(registry, "send");
        this.completePhase = phaseTimer(registry, "complete");
    }

    private static Timer phaseTimer(MeterRegistry registry, String phase) {
        return Timer.builder("notification.batch.phase")
                .description("Time one consumed batch of InvitationSent spends claiming, mailing or completing")
                .tag("phase", phase)
                .register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> readable = new ArrayList<>();
        List<ReceivedInvitation> received = new ArrayList<>();
        List<Uni<Void>> settled = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                received.add(check.read(record.getPayload()));
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
        return timed(claimPhase, UntilApplied.retrying("A batch of " + received.size() + " invitation emails", () -> store.claim(received)))
                .flatMap(claims -> {
                    List<Dispatch> dispatches = claims.stream().filter(c -> c.kind() == Claim.Kind.SEND).map(Claim::dispatch).toList();
                    return timed(sendPhase, sender.sendAll(dispatches))
                            .call(outcomes -> timed(completePhase, untilRecorded(() -> store.complete(outcomes))))
                            .flatMap(outcomes -> settle(records, claims, outcomes));
                });
    }

    /** Where a batch's time goes, for whoever tunes batch size, SMTP concurrency or the pools. */
    private static <T> Uni<T> timed(Timer timer, Uni<T> phase) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start();
            return phase.onTermination().invoke(() -> sample.stop(timer));
        });
    }

    /** Acknowledges what is done (sent, held, duplicate) and dead-letters what can never be sent. */
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
                case HELD, DUPLICATE -> null;
            };
            settled.add(failure == null ? ack(record) : nack(record, new UndeliverableEmailException(failure)));
        }
        return all(settled);
    }

    /**
     * The emails of the batch are out: whatever keeps their outcome from being recorded, it is retried rather than the
     * batch dead-lettered (a re-drive would mail them again). Before sending, {@link UntilApplied} decides instead.
     */
    private static <T> Uni<T> untilRecorded(Supplier<Uni<T>> transaction) {
        return Uni.createFrom().deferred(() -> transaction.get())
                .onFailure().invoke(e -> Log.warnf("Database unavailable for a batch of invitation emails, retrying: %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
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
