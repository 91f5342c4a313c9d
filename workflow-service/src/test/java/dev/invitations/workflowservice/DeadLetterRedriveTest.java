package dev.invitations.workflowservice;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.operatortools.RedriveDeadLetters;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, fault-suite item 6: good redemptions sitting in {@code dead-letter.workflow-service}, as an earlier
 * consumer left them there during a database outage (some applied before they were dead-lettered, some never), are
 * moved back by the operator's command ({@code ./redrive-dead-letters.sh}, run here in the test JVM, logged in as
 * the broker's {@code redrive} principal), and every workflow then runs exactly once.
 */
@QuarkusTest
@WithKafkaCompanion
class DeadLetterRedriveTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String DEAD_LETTERS = Topics.deadLetter("workflow-service");
    private static final String OUTAGE_REASON = "Connection refused: /127.0.0.1:5432";

    KafkaCompanion kafka;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void reDrivenRedemptionsRunEachWorkflowOnceAndASecondRunMovesNothing() throws Exception {
        try (WebhookWorkflow workflow = new WebhookWorkflow("redrive")) {
            reDriveAndCount(kafka, workflow);
        }
    }

    private void reDriveAndCount(KafkaCompanion kafka, WebhookWorkflow workflow) throws Exception {
        Redemptions redemptions = new Redemptions(kafka);
        String workflowId = workflow.id();
        // One GROUP invitation redeemed by five contacts: one key, so one partition, in order, before the marker below.
        UUID invitation = UUID.randomUUID();
        List<InvitationRedeemed> appliedBefore = Stream.generate(() -> Redemptions.of(invitation, workflowId)).limit(2).toList();
        List<InvitationRedeemed> neverApplied = Stream.generate(() -> Redemptions.of(invitation, workflowId)).limit(3).toList();
        List<InvitationRedeemed> all = Stream.concat(appliedBefore.stream(), neverApplied.stream()).toList();

        Set<String> connectorHeaders = deadLetterHeadersOfTheConnector(kafka, redemptions);
        // The command's own group starts after what other tests left in the topic: this test moves only its records.
        String group = "redrive.test-" + UUID.randomUUID();
        Map<TopicPartition, Long> deadLettersEnd = endOffsets(kafka, DEAD_LETTERS);
        commit(kafka, group, deadLettersEnd);

        redemptions.publish(appliedBefore.toArray(InvitationRedeemed[]::new));
        await().atMost(DEADLINE).until(() -> completedContacts(invitation, workflowId).size() == appliedBefore.size());
        List<ProducerRecord<String, String>> deadLettered = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            deadLettered.add(asTheConnectorDeadLettersIt(Redemptions.record(all.get(i)), i));
        }
        deadLettered.forEach(redemptions::send);
        assertEquals(connectorHeaders, deadLetterHeaderNames(deadLettered.get(0).headers()),
                "the records carry the headers the connector writes");

        Map<TopicPartition, Long> redeemedEnd = endOffsets(kafka, Topics.INVITATION_REDEEMED);
        Run dryRun = redrive(group, "--dry-run");
        assertEquals(0, dryRun.status(), dryRun.output());
        assertTrue(dryRun.output().contains("Would move 5 records"), dryRun.output());
        assertTrue(dryRun.output().matches("(?s).*\\s5  " + OUTAGE_REASON.replace(".", "\\.") + "\\n.*"), dryRun.output());
        assertEquals(redeemedEnd, endOffsets(kafka, Topics.INVITATION_REDEEMED), "the dry run published nothing");
        assertEquals(deadLettersEnd, committedOffsets(kafka, group), "the dry run committed nothing");

        Run run = redrive(group);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("Moved 5 records"), run.output());

        await().atMost(DEADLINE).until(() -> completedContacts(invitation, workflowId).size() == all.size());
        // A redemption of an unknown workflow behind them on the same partition: once its run is recorded, every
        // re-driven record before it was consumed, the two applied ones included.
        InvitationRedeemed marker = Redemptions.of(invitation, "marker-" + UUID.randomUUID());
        redemptions.publish(marker);
        await().atMost(DEADLINE).until(() -> !runs(invitation, marker.workflowId()).isEmpty());
        List<String> contacts = completedContacts(invitation, workflowId);
        assertEquals(all.stream().map(event -> event.contact().id().toString()).sorted().toList(), contacts.stream().sorted().toList(),
                "one completed run per redemption, none twice");
        assertEquals(all.size(), runs(invitation, workflowId).size(), "no run but those");
        for (InvitationRedeemed event : all) {
            assertEquals(1, workflow.callsFor(event), "the workflow called the endpoint once for " + event.contact().id());
        }

        Run again = redrive(group);
        assertEquals(0, again.status(), again.output());
        assertTrue(again.output().contains("0 records waiting") && again.output().contains("Moved 0 records"), again.output());
    }

    /** The names of the dead-letter headers the connector writes, read from a record it really dead-lettered. */
    private static Set<String> deadLetterHeadersOfTheConnector(KafkaCompanion kafka, Redemptions redemptions) {
        String key = UUID.randomUUID().toString();
        try (ConsumerTask<String, String> deadLetters = kafka.consumeStrings().fromTopics(DEAD_LETTERS)) {
            redemptions.publishRaw(key, "{not an event");
            ConsumerRecord<String, String> dead = await().atMost(DEADLINE).until(
                    () -> deadLetters.getRecords().stream().filter(r -> key.equals(r.key())).findFirst(),
                    Optional::isPresent).orElseThrow();
            return deadLetterHeaderNames(dead.headers());
        }
    }

    /**
     * {@code record} as SmallRye's KafkaDeadLetterQueue writes it when the consumer failed it with the database away:
     * the original key, value and headers, plus the failure and where the record came from.
     */
    private static ProducerRecord<String, String> asTheConnectorDeadLettersIt(ProducerRecord<String, String> record, int offset) {
        ProducerRecord<String, String> dead = new ProducerRecord<>(DEAD_LETTERS, record.key(), record.value());
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME, "io.vertx.core.impl.NoStackTraceThrowable");
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_REASON, OUTAGE_REASON);
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME, "java.net.ConnectException");
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_CAUSE, "Connection refused");
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC, Topics.INVITATION_REDEEMED);
        // Where it was on its topic: the command reads neither.
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, "0");
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET, Integer.toString(offset));
        record.headers().forEach(header -> dead.headers().add(header));
        return dead;
    }

    private static void add(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> deadLetterHeaderNames(Iterable<Header> headers) {
        Set<String> names = new TreeSet<>();
        headers.forEach(header -> {
            if (header.key().startsWith("dead-letter-")) {
                names.add(header.key());
            }
        });
        return names;
    }

    private record Run(int status, String output) {
    }

    private Run redrive(String group, String... options) {
        List<String> args = new ArrayList<>(List.of("--service", "workflow-service", "--group", group,
                "--bootstrap-servers", bootstrapServers, "--timeout", "60s"));
        args.addAll(List.of(options));
        String password = LocalInfrastructureTestResource.endpoints().kafkaCredentials().password(KafkaCredentials.REDRIVE);
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output, true);
        int status = RedriveDeadLetters.execute(Map.of("PORTAL_KAFKA_REDRIVE_PASSWORD", password), writer, writer,
                args.toArray(String[]::new));
        return new Run(status, output.toString());
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaCompanion kafka, String topic) {
        List<TopicPartition> partitions = kafka.topics().describe(topic).get(topic).partitions().stream()
                .map(partition -> new TopicPartition(topic, partition.partition())).toList();
        Map<TopicPartition, Long> ends = new HashMap<>();
        kafka.offsets().list(partitions).forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private static void commit(KafkaCompanion kafka, String group, Map<TopicPartition, Long> offsets) throws Exception {
        kafka.getOrCreateAdminClient().alterConsumerGroupOffsets(group, offsets.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue()))))
                .all().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private static Map<TopicPartition, Long> committedOffsets(KafkaCompanion kafka, String group) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        kafka.consumerGroups().offsets(group).forEach((partition, offset) -> offsets.put(partition, offset.offset()));
        return offsets;
    }

    private static List<Map<String, Object>> runs(UUID invitation, String workflowId) {
        return asStaff().queryParam("invitationId", invitation).queryParam("workflowId", workflowId).get("/workflow-runs")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<String> completedContacts(UUID invitation, String workflowId) {
        return runs(invitation, workflowId).stream().filter(run -> "COMPLETED".equals(run.get("status")))
                .map(run -> String.valueOf(run.get("contactId"))).toList();
    }
}
