package dev.invitations.benchmarks;

import dev.invitations.contract.Topics;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Kafka ceiling: N copies of a real {@code InvitationSent} record (the newest on {@code invitations.sent}: its
 * value and CloudEvents headers, so the same size) produced to a fresh topic of the broker's default three partitions
 * with the outbox relay's producer settings, then consumed by one consumer with notification-service's poll size;
 * events/s each way, with no database or service. It logs in as the broker's administrator: the services' principals
 * may use only their own topics. The topic is deleted afterwards.
 */
final class KafkaCeiling {

    private static final int PARTITIONS = 3;
    /** notification-service's max.poll.records for invitations.sent. */
    private static final int MAX_POLL_RECORDS = 500;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param eventBytes the sample's value plus header bytes
     */
    record Result(int events, int eventBytes, double produceSeconds, double producedPerSecond, double consumeSeconds,
                  double consumedPerSecond, int consumed, boolean complete, ProcessMonitor.Usage resources) {
    }

    private final PortalSystem system;
    private final Deadline deadline;
    private final PrintStream out;

    KafkaCeiling(PortalSystem system, Deadline deadline, PrintStream out) {
        this.system = system;
        this.deadline = deadline;
        this.out = out;
    }

    Result run(int events, String tag) {
        out.printf("%nKafka ceiling: %,d InvitationSent-sized events produced, then consumed%n", events);
        Map<String, Object> login = system.infrastructure().kafkaClientConfig(KafkaCredentials.ADMIN);
        ConsumerRecord<String, String> sample = newestInvitationSent(login).orElseThrow(() -> new IllegalStateException(
                "No InvitationSent on " + Topics.INVITATION_SENT + " to copy: run the Kafka ceiling after bulk-send "
                        + "or smtp-ceiling"));
        int bytes = sample.serializedValueSize() + headerBytes(sample.headers());
        String topic = "bench.ceiling." + tag;
        try (Admin admin = Admin.create(login)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try (ProcessMonitor monitor = ProcessMonitor.start(system.processes())) {
                double produceSeconds = produce(login, topic, sample, events);
                int[] consumed = new int[1];
                double consumeSeconds = consume(login, topic, tag, events, consumed);
                ProcessMonitor.Usage resources = monitor.finish();
                return new Result(events, bytes, BulkSendScenario.round(produceSeconds),
                        BulkSendScenario.round(events / produceSeconds), BulkSendScenario.round(consumeSeconds),
                        BulkSendScenario.round(consumed[0] / consumeSeconds), consumed[0], consumed[0] == events,
                        resources);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The ceiling's topic " + topic + " could not be created or deleted", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Seconds from the first send to every record acknowledged. */
    private double produce(Map<String, Object> login, String topic, ConsumerRecord<String, String> sample, int events) {
        AtomicInteger failed = new AtomicInteger();
        try (KafkaProducer<String, String> producer = ConsumptionScenario.outboxProducer(login)) {
            long started = System.nanoTime();
            for (int i = 0; i < events && !deadline.passed(); i++) {
                ProducerRecord<String, String> copy = new ProducerRecord<>(topic, null, UUID.randomUUID().toString(),
                        sample.value(), sample.headers());
                producer.send(copy, (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + events + " ceiling events were not acknowledged");
            }
            return seconds;
        }
    }

    /** Seconds from subscribing until {@code events} records were polled (or the deadline); the count in {@code consumed}. */
    private double consume(Map<String, Object> login, String topic, String tag, int events, int[] consumed) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ceiling-" + tag);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            long started = System.nanoTime();
            consumer.subscribe(List.of(topic));
            while (consumed[0] < events && !deadline.passed()) {
                consumed[0] += consumer.poll(POLL).count();
            }
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private Optional<ConsumerRecord<String, String>> newestInvitationSent(Map<String, Object> login) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(login, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INVITATION_SENT, CALL_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            Set<TopicPartition> withRecords = new HashSet<>();
            for (TopicPartition partition : partitions) {
                long end = consumer.position(partition, CALL_TIMEOUT);
                if (end > 0) {
                    consumer.seek(partition, end - 1);
                    withRecords.add(partition);
                }
            }
            List<ConsumerRecord<String, String>> newest = new ArrayList<>();
            Deadline until = deadline.within(CALL_TIMEOUT);
            while (newest.size() < withRecords.size() && !until.passed()) {
                consumer.poll(POLL).forEach(newest::add);
            }
            return newest.stream().max(Comparator.comparingLong(ConsumerRecord::timestamp));
        }
    }

    private static int headerBytes(Headers headers) {
        int bytes = 0;
        for (var header : headers) {
            bytes += header.key().length() + header.value().length;
        }
        return bytes;
    }
}
