package dev.invitations.operatortools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Moves the records of a dead-letter topic back to the topics they came from, as SmallRye's Kafka connector names
 * them in each record's {@value #ORIGINAL_TOPIC} header: same key, same value, the original headers (the CloudEvents
 * ones among them) without the connector's {@code dead-letter-*} ones.
 *
 * <p>Where it starts and what it promises: the run reads from its own consumer group's committed position (the
 * beginning of the topic the first time) up to the end offsets it saw when it started, so a record dead-lettered
 * again while it runs waits for the next run instead of going round in circles. It commits a batch's offsets only
 * after the broker acknowledged every record of that batch on its original topic (idempotent producer, acks=all):
 * a second run moves nothing again, and a run that dies between the two re-publishes at most that batch, which the
 * consumers skip by event id. A dry run reads the same records, sends and commits nothing.
 */
final class DeadLetterRedrive {

    /** SmallRye's {@code KafkaDeadLetterQueue.DEAD_LETTER_TOPIC}: the topic the record was consumed from. */
    static final String ORIGINAL_TOPIC = "dead-letter-topic";
    /** SmallRye's {@code KafkaDeadLetterQueue.DEAD_LETTER_REASON}: the failure's message. */
    static final String REASON = "dead-letter-reason";
    /** Every header the connector adds when it dead-letters a record starts so. */
    static final String CONNECTOR_HEADER_PREFIX = "dead-letter-";
    static final String DEAD_LETTER_TOPIC_PREFIX = "dead-letter.";
    private static final int MAX_REASON_LENGTH = 200;
    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * What acknowledged records get to be committed even when the run's time is up: committing them is what keeps the
     * next run from publishing them again.
     */
    private static final Duration SETTLING = Duration.ofSeconds(15);

    private final Map<String, Object> login;
    private final String deadLetterTopic;
    private final String group;
    private final int max;
    private final Duration timeout;

    /**
     * @param login           the Kafka client settings (bootstrap servers and login) to read and write with
     * @param deadLetterTopic the topic to drain, {@code dead-letter.<service>}
     * @param group           the consumer group whose committed offsets say what was moved already
     * @param max             at most this many records in one run
     * @param timeout         the run stops (having committed what the broker acknowledged) after this long
     */
    DeadLetterRedrive(Map<String, Object> login, String deadLetterTopic, String group, int max, Duration timeout) {
        if (!deadLetterTopic.startsWith(DEAD_LETTER_TOPIC_PREFIX)) {
            throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic (" + DEAD_LETTER_TOPIC_PREFIX + "<service>)");
        }
        this.login = Map.copyOf(login);
        this.deadLetterTopic = deadLetterTopic;
        this.group = group;
        this.max = max;
        this.timeout = timeout;
    }

    /** What a run moved, or would move: counts per original topic and per reason, and what it could not move. */
    record Report(String deadLetterTopic, boolean dryRun, long waiting, Map<String, Long> byTopic, Map<String, Long> byReason,
                  List<String> unmovable, long left, boolean timedOut) {

        long moved() {
            return byTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Report run(boolean dryRun) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> byTopic = new TreeMap<>();
        Map<String, Long> byReason = new TreeMap<>();
        List<String> unmovable = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig());
             KafkaProducer<byte[], byte[]> producer = dryRun ? null : new KafkaProducer<>(producerConfig())) {
            List<TopicPartition> partitions = partitions(consumer);
            // Assigned, not subscribed: no rebalance to wait for, and the group's offsets are still the ones committed.
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions);
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            long waiting = partitions.stream().mapToLong(p -> Math.max(0, end.get(p) - start.get(p))).sum();
            long counted = 0;
            boolean timedOut = false;
            while (counted < max && !drained(consumer, partitions, end)) {
                if (System.nanoTime() >= deadline) {
                    timedOut = true;
                    break;
                }
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                Set<TopicPartition> rewound = new HashSet<>();
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (rewound.contains(partition)) {
                        continue;
                    }
                    if (counted >= max || record.offset() >= end.get(partition)) {
                        // Beyond this run's bound: back to the first record not taken, so that the position says what is left.
                        consumer.seek(partition, record.offset());
                        rewound.add(partition);
                        continue;
                    }
                    next.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    counted++;
                    String target = header(record, ORIGINAL_TOPIC);
                    if (target == null || target.isBlank() || target.startsWith(DEAD_LETTER_TOPIC_PREFIX)) {
                        // Not the connector's: left where it is (the topic keeps it), passed over so it blocks nothing.
                        unmovable.add(record.topic() + "-" + record.partition() + "@" + record.offset()
                                + (target == null ? " has no " + ORIGINAL_TOPIC + " header" : " names " + target));
                        continue;
                    }
                    byTopic.merge(target, 1L, Long::sum);
                    byReason.merge(reason(record), 1L, Long::sum);
                    if (!dryRun) {
                        sent.add(producer.send(redriven(record, target)));
                    }
                }
                if (!dryRun && !next.isEmpty()) {
                    // Every send has completed once flush returns (bounded by the producer's delivery timeout).
                    producer.flush();
                    for (Future<RecordMetadata> acknowledged : sent) {
                        acknowledged.get(SETTLING.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    consumer.commitSync(next, SETTLING);
                }
            }
            long left = partitions.stream().mapToLong(p -> Math.max(0, end.get(p) - consumer.position(p, SETTLING))).sum();
            return new Report(deadLetterTopic, dryRun, waiting, byTopic, byReason, unmovable, left, timedOut);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(deadLetterTopic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("The broker has no topic " + deadLetterTopic);
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    /** The group's committed offset, or the earliest record still kept when the group has none (or it was deleted). */
    private Map<TopicPartition, Long> startOffsets(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), timeout);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            start.put(partition, Math.max(beginning.get(partition), offset == null ? 0 : offset.offset()));
        }
        return start;
    }

    private static boolean drained(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    /** The record as it was before the connector dead-lettered it; the key sends it to the partition it came from. */
    static ProducerRecord<byte[], byte[]> redriven(ConsumerRecord<byte[], byte[]> record, String target) {
        ProducerRecord<byte[], byte[]> original = new ProducerRecord<>(target, record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith(CONNECTOR_HEADER_PREFIX)) {
                original.headers().add(header);
            }
        }
        return original;
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        String reason = header(record, REASON);
        if (reason == null) {
            return "(no reason given)";
        }
        String oneLine = reason.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_REASON_LENGTH ? oneLine : oneLine.substring(0, MAX_REASON_LENGTH) + "...";
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "redrive-dead-letters");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(max, 500));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "redrive-dead-letters");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Bounded by the run's own timeout: a broker that stops answering fails the batch, which is then not committed.
        int deliveryTimeout = (int) Math.max(15_000, Math.min(timeout.toMillis(), 120_000));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, deliveryTimeout));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeout);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
