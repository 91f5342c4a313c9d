package dev.invitations.commons.outbox;

import dev.invitations.contract.CloudEventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.SubscriberDecorator;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Counts the outbox events the broker acknowledged, by event type: {@value #METER}{type}, where {@code type} is the
 * event's {@code ce_type}. An event is written in the transaction of the change it announces, so this is the rate of
 * each committed operation (invitations created, sent to each recipient, redeemed; emails delivered or failed; access
 * granted), counted once, after commit, in every service, without a line in any service's code.
 *
 * <p>Counted where the relay's records flow into the Kafka connector, as {@code DeadLetterCount} counts dead letters:
 * a decorator sees every record and its acknowledgement, and the relay ({@code OutboxPublisher}) stays as it is. The
 * tag takes the few values of the contract's event types, never an id. A row published again after its claim ran out
 * (a relay killed between send and mark) is counted again, as consumers see it again.
 */
@ApplicationScoped
@Unremovable
public class OutboxPublishedCount implements SubscriberDecorator {

    public static final String METER = "portal.outbox.published";
    private static final String CHANNEL = "outbox";

    private final MeterRegistry meters;
    private final Map<String, Counter> byType = new ConcurrentHashMap<>();

    OutboxPublishedCount(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Multi<? extends Message<?>> decorate(Multi<? extends Message<?>> toBeSubscribed, List<String> channelNames,
            boolean isConnector) {
        if (!isConnector || !channelNames.equals(List.of(CHANNEL))) {
            return toBeSubscribed;
        }
        return toBeSubscribed.map(message -> {
            Counter counter = counter(typeOf(message));
            return message.withAckWithMetadata(metadata -> message.ack(metadata).thenRun(counter::increment));
        });
    }

    private static String typeOf(Message<?> message) {
        Header type = message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getHeaders() == null ? null : metadata.getHeaders().lastHeader(CloudEventHeaders.TYPE))
                .orElse(null);
        return type == null || type.value() == null ? "unknown" : new String(type.value(), StandardCharsets.UTF_8);
    }

    private Counter counter(String type) {
        return byType.computeIfAbsent(type, key -> Counter.builder(METER)
                .description("Outbox events the broker acknowledged, by ce_type: the rate of each committed operation")
                .tag("type", key).register(meters));
    }
}
