package dev.invitations.commons.failure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.SubscriberDecorator;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Counts the records each consumer channel dead-lettered, once the broker acknowledged them on the dead-letter topic:
 * {@value #METER}{channel, topic}, {@code portal_dead_lettered_records_total} in {@code /q/metrics}, the same name in
 * every service.
 *
 * <p>SmallRye wires each channel's dead-letter producer as an outgoing connector named
 * {@code <channel>-dead-letter-queue} and lets every {@link SubscriberDecorator} see what flows into it. Counting
 * there, rather than in each consumer, counts every way a consumer can fail a record (a failed Uni, one record of a
 * batch nacked, a record the connector could not deserialize) without a line in any consumer's code. The counter of
 * each channel exists from the start, at 0, so that an alert on its increase sees the series before the first record.
 */
@ApplicationScoped
@Unremovable
public class DeadLetterCount implements SubscriberDecorator {

    public static final String METER = "portal.dead.lettered.records";
    private static final String DEAD_LETTER_CHANNEL_SUFFIX = "-" + KafkaDeadLetterQueue.CHANNEL_DLQ_SUFFIX;

    private final MeterRegistry meters;
    private final Config config;

    DeadLetterCount(MeterRegistry meters, Config config) {
        this.meters = meters;
        this.config = config;
    }

    @Override
    public Multi<? extends Message<?>> decorate(Multi<? extends Message<?>> toBeSubscribed, List<String> channelNames,
            boolean isConnector) {
        if (!isConnector || channelNames.size() != 1 || !channelNames.get(0).endsWith(DEAD_LETTER_CHANNEL_SUFFIX)) {
            return toBeSubscribed;
        }
        String dlqChannel = channelNames.get(0);
        String channel = dlqChannel.substring(0, dlqChannel.length() - DEAD_LETTER_CHANNEL_SUFFIX.length());
        // The connector's own default when a channel names no topic.
        String configuredTopic = config.getOptionalValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic",
                String.class).orElse("dead-letter-topic-" + channel);
        counter(channel, configuredTopic);
        return toBeSubscribed.map(message -> message.withAckWithMetadata(metadata -> message.ack(metadata)
                .thenRun(() -> counter(channel, topicOf(message, configuredTopic)).increment())));
    }

    /** The nack's metadata may send a record to another topic than the channel's. */
    private static String topicOf(Message<?> message, String configuredTopic) {
        return message.getPayload() instanceof ProducerRecord<?, ?> record && record.topic() != null
                ? record.topic() : configuredTopic;
    }

    private Counter counter(String channel, String topic) {
        return Counter.builder(METER).description("Records a consumer channel sent to its dead-letter topic")
                .tag("channel", channel).tag("topic", topic).register(meters);
    }
}
