package dev.invitations.operatortools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.CommandTypes;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The command against a real broker with the local broker's logins and ACLs, logged in as {@code operator} the way a
 * deployment runs it; the test stands in for invitation-service, reading the command and answering it.
 */
class SendCommandTest {

    private static final Duration TIMEOUT = TestBroker.TIMEOUT;

    @RegisterExtension
    static final TestBroker kafka = new TestBroker("send-command-kafka");

    @Test
    void writesTheCommandAsACloudEventAndPrintsItsAnswer() throws Exception {
        String body = "{\"invitationId\":\"7d0c3ef4-5a0e-4d7b-9f55-0d2f7c0a2a11\"}";
        CompletableFuture<ConsumerRecord<String, String>> command = answerTheNextCommand("ACCEPTED");

        Run run = sendCommand("--type", "RevokeInvitation", "--id", "revoke-1", "--body", body);

        assertEquals(0, run.status(), run.output());
        ConsumerRecord<String, String> written = command.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("revoke-1", written.key());
        assertEquals(body, written.value());
        assertEquals("revoke-1", header(written, CloudEventHeaders.ID));
        assertEquals(CommandTypes.REVOKE_INVITATION, header(written, CloudEventHeaders.TYPE));
        assertEquals(SendCommand.SOURCE, header(written, CloudEventHeaders.SOURCE));
        assertEquals("1.0", header(written, CloudEventHeaders.SPEC_VERSION));
        assertTrue(run.output().contains("Command revoke-1 (" + CommandTypes.REVOKE_INVITATION + ") written to invitations.commands-"),
                run.output());
        assertTrue(run.output().contains(answer("revoke-1", "ACCEPTED")), run.output());
    }

    @Test
    void aRejectedCommandExitsWithOneAfterPrintingTheProblem() throws Exception {
        answerTheNextCommand("REJECTED");

        Run run = sendCommand("--type", "CreateContact", "--id", "contact-1", "--body", "{}");

        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains(answer("contact-1", "REJECTED")), run.output());
    }

    @Test
    void anUnknownTypeIsRefusedAndNothingIsWritten() throws Exception {
        Map<TopicPartition, Long> before = kafka.endOffsets(Topics.COMMANDS);

        Run run = sendCommand("--type", "LaunchRocket", "--body", "{}");

        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains("--type LaunchRocket is none of"), run.output());
        assertEquals(before, kafka.endOffsets(Topics.COMMANDS));
    }

    private record Run(int status, String output) {
    }

    private static Run sendCommand(String... args) {
        List<String> withBroker = new ArrayList<>(List.of(args));
        withBroker.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--wait", "30s"));
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output, true);
        int status = SendCommand.execute(Map.of("PORTAL_KAFKA_OPERATOR_PASSWORD", kafka.password(KafkaCredentials.OPERATOR)),
                writer, writer, withBroker.toArray(String[]::new));
        return new Run(status, output.toString());
    }

    private static String answer(String commandId, String outcome) {
        return "{\"commandId\":\"" + commandId + "\",\"outcome\":\"" + outcome + "\"}";
    }

    /** Stands in for invitation-service: the next command written is answered, keyed by its ce_id. */
    private static CompletableFuture<ConsumerRecord<String, String>> answerTheNextCommand(String outcome) {
        Map<TopicPartition, Long> from = kafka.endOffsets(Topics.COMMANDS);
        return CompletableFuture.supplyAsync(() -> {
            try (KafkaConsumer<String, String> consumer = kafka.consumer(); KafkaProducer<String, String> producer = kafka.producer()) {
                consumer.assign(from.keySet());
                from.forEach(consumer::seek);
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> command : consumer.poll(Duration.ofMillis(200))) {
                        String id = header(command, CloudEventHeaders.ID);
                        producer.send(new ProducerRecord<>(Topics.COMMAND_RESULTS, id, answer(id, outcome))).get();
                        return command;
                    }
                }
                throw new IllegalStateException("No command was written");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
