package dev.invitations.operatortools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.kafka.KafkaCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The command against a real broker with the local broker's logins and ACLs, logged in as {@code redrive} the way a
 * deployment runs it ({@code --bootstrap-servers}, the password in the environment): what it moves, what it leaves,
 * and that a run commits only what the broker took. Each test drains a dead-letter topic of its own.
 */
class RedriveDeadLettersTest {

    private static final Duration TIMEOUT = TestBroker.TIMEOUT;
    private static final String REDEEMED = "invitations.redeemed";
    private static final String SENT = "invitations.sent";

    @RegisterExtension
    static final TestBroker kafka = new TestBroker("redrive-kafka");

    @Test
    void dryRunListsWhatWouldMoveAndChangesNothingThenTheRunMovesEachRecordBackOnce() throws Exception {
        String deadLetters = "dead-letter.workflow-service";
        List<ProducerRecord<String, String>> dead = List.of(
                deadLetter(deadLetters, REDEEMED, "Connection refused: 127.0.0.1:5432"),
                deadLetter(deadLetters, REDEEMED, "Connection refused: 127.0.0.1:5432"),
                deadLetter(deadLetters, REDEEMED, "Unreadable InvitationRedeemed"));
        ProducerRecord<String, String> foreign = new ProducerRecord<>(deadLetters, "stray", "written by hand");
        List<ProducerRecord<String, String>> all = new ArrayList<>(dead);
        all.add(foreign);
        produce(all);
        Map<TopicPartition, Long> before = kafka.endOffsets(REDEEMED);

        Run dryRun = redrive("--service", "workflow-service", "--dry-run");

        assertEquals(0, dryRun.status(), dryRun.output());
        assertTrue(dryRun.output().contains("4 records waiting"), dryRun.output());
        assertTrue(dryRun.output().contains("Would move 3 records"), dryRun.output());
        assertTrue(dryRun.output().matches("(?s).*invitations\\.redeemed\\s+3\\n.*"), dryRun.output());
        assertTrue(dryRun.output().matches("(?s).*\\s2  Connection refused: 127\\.0\\.0\\.1:5432\\n.*"), dryRun.output());
        assertTrue(dryRun.output().matches("(?s).*\\s1  Unreadable InvitationRedeemed\\n.*"), dryRun.output());
        assertTrue(dryRun.output().contains("has no dead-letter-topic header"), dryRun.output());
        assertEquals(before, kafka.endOffsets(REDEEMED), "the dry run published nothing");
        assertEquals(Map.of(), committed("redrive." + deadLetters), "the dry run committed nothing");

        Run run = redrive("--service", "workflow-service");

        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("Moved 3 records"), run.output());
        List<ConsumerRecord<String, String>> moved = readSince(REDEEMED, before, 3);
        for (ProducerRecord<String, String> original : dead) {
            ConsumerRecord<String, String> back = moved.stream().filter(r -> r.key().equals(original.key())).findFirst().orElseThrow();
            assertEquals(original.value(), back.value());
            assertEquals(header(original.headers().lastHeader("ce_id")), header(back.headers().lastHeader("ce_id")));
            assertEquals(List.of("ce_id", "ce_type"), headerNames(back), "the original headers, without the dead-letter ones");
        }

        Run again = redrive("--service", "workflow-service");

        assertEquals(0, again.status(), again.output());
        assertTrue(again.output().contains("0 records waiting") && again.output().contains("Moved 0 records"), again.output());
        assertEquals(3, kafka.endOffsets(REDEEMED).entrySet().stream().mapToLong(e -> e.getValue() - before.get(e.getKey())).sum(),
                "the second run moved nothing again");
    }

    @Test
    void maxBoundsARunAndTheNextOneGoesOnWhereItStopped() throws Exception {
        String deadLetters = "dead-letter.notification-service";
        List<ProducerRecord<String, String>> dead = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            dead.add(deadLetter(deadLetters, SENT, "Lock timeout"));
        }
        produce(dead);
        Map<TopicPartition, Long> before = kafka.endOffsets(SENT);

        Run first = redrive("--service", "notification-service", "--max", "2");
        Run second = redrive("--service", "notification-service", "--max", "10");

        assertEquals(0, first.status(), first.output());
        assertTrue(first.output().contains("Moved 2 records") && first.output().contains("3 records left"), first.output());
        assertTrue(second.output().contains("Moved 3 records"), second.output());
        List<String> movedKeys = readSince(SENT, before, 5).stream().map(ConsumerRecord::key).sorted().toList();
        assertEquals(dead.stream().map(ProducerRecord::key).sorted().toList(), movedKeys, "each record once");
    }

    @Test
    void aRecordTheBrokerRefusesIsNotCommittedAndTheRunFails() throws Exception {
        String deadLetters = "dead-letter.redemption-service";
        // contacts.access-granted is no consumed topic: the redrive login may not write it.
        produce(List.of(deadLetter(deadLetters, "contacts.access-granted", "Forged")));

        Run run = redrive("--service", "redemption-service", "--timeout", "20s");

        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("contacts.access-granted"), run.output());
        assertEquals(Map.of(), committed("redrive." + deadLetters), "nothing the broker refused is committed");
    }

    @Test
    void badUsageIsRefusedBeforeAnythingIsRead() {
        assertEquals(2, redrive("--topic", REDEEMED).status(), "an event topic is not a dead-letter topic");
        assertEquals(2, redrive("--service", "workflow-service", "--max", "0").status());
        assertEquals(2, redrive("--service", "workflow-service", "--timeout", "forever").status());
        assertEquals(2, redrive("--service", "Workflow Service").status());
        assertEquals(2, redrive("--service", "a", "--topic", "dead-letter.b").status());
        Run withoutPassword = RedriveDeadLettersTest.redriveWith(Map.of(), "--service", "workflow-service",
                "--bootstrap-servers", kafka.bootstrapServers());
        assertEquals(2, withoutPassword.status());
        assertTrue(withoutPassword.output().contains("PORTAL_KAFKA_REDRIVE_PASSWORD is not set"), withoutPassword.output());
    }

    private record Run(int status, String output) {
    }

    private static Run redrive(String... args) {
        List<String> withBroker = new ArrayList<>(List.of(args));
        withBroker.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers()));
        return redriveWith(Map.of("PORTAL_KAFKA_REDRIVE_PASSWORD", kafka.password(KafkaCredentials.REDRIVE)),
                withBroker.toArray(String[]::new));
    }

    private static Run redriveWith(Map<String, String> environment, String... args) {
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output, true);
        int status = RedriveDeadLetters.execute(environment, writer, writer, args);
        return new Run(status, output.toString());
    }

    /** A record as SmallRye's dead-letter queue writes it: the original key, value and headers plus its own. */
    private static ProducerRecord<String, String> deadLetter(String deadLetterTopic, String from, String reason) {
        String eventId = UUID.randomUUID().toString();
        ProducerRecord<String, String> record = new ProducerRecord<>(deadLetterTopic, UUID.randomUUID().toString(),
                "{\"eventId\":\"" + eventId + "\"}");
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "dev.invitations.Test".getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-exception-class-name", "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-topic", from.getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-partition", "0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-offset", "7".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static void produce(List<ProducerRecord<String, String>> records) throws Exception {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** The records published to {@code topic} after {@code since}; exactly {@code expected} of them, waited for. */
    private static List<ConsumerRecord<String, String>> readSince(String topic, Map<TopicPartition, Long> since, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = kafka.consumer()) {
            consumer.assign(since.keySet());
            since.forEach(consumer::seek);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more poll: a record too many would show here.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertEquals(expected, records.size(), "records published to " + topic);
        return records;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static List<String> headerNames(ConsumerRecord<String, String> record) {
        List<String> names = new ArrayList<>();
        record.headers().forEach(header -> names.add(header.key()));
        return names;
    }

    private static String header(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
