package dev.invitations.operatortools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.CommandTypes;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.process.CommandLineDuration;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./send-command.sh}: writes one command to {@value Topics#COMMANDS} as CloudEvents in binary mode (headers
 * {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_specversion}; the value is the JSON body) and prints
 * invitation-service's answer from {@value Topics#COMMAND_RESULTS}. Logs in as {@code operator}, the one principal
 * that may write commands ({@link KafkaLogin}). The answer is looked for from the end of the results topic as it was
 * before the command was written, so an earlier answer to the same id is not mistaken for this one's.
 */
@Command(name = "send-command.sh", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Writes a command to invitations.commands and prints invitation-service's answer (invitations.command-results).",
                "The same --id again is applied once and answered with the first answer. Logs in as operator, unless --login "
                        + "names another login."},
        footer = {"", "Exit status: 0 accepted, 1 rejected or no answer in time, 2 bad usage.",
                "Example: ./send-command.sh --type RevokeInvitation --body '{\"invitationId\":\"...\"}'"})
public final class SendCommand implements Callable<Integer> {

    static final String DEFAULT_LOGIN = "operator";
    static final String SOURCE = "/operator-tools/send-command";
    private static final List<String> TYPES = List.of(CommandTypes.CREATE_INVITATION, CommandTypes.SEND_INVITATIONS,
            CommandTypes.REVOKE_INVITATION, CommandTypes.EXTEND_INVITATION, CommandTypes.CREATE_CONTACT);
    private static final Duration POLL = Duration.ofMillis(200);

    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "CreateInvitation, SendInvitations, RevokeInvitation, ExtendInvitation or CreateContact")
    String type;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Body body;

    static final class Body {
        @Option(names = "--body", paramLabel = "JSON", description = "the command's JSON body")
        String json;
        @Option(names = "--body-file", paramLabel = "FILE", description = "a file holding the command's JSON body")
        Path file;
    }

    @Option(names = "--id", paramLabel = "ID", description = "the command's ce_id, its idempotency key (default: a new UUID); "
            + "send again with the same id to learn the answer without applying it twice")
    String id;

    @Option(names = "--wait", defaultValue = "30s", paramLabel = "DURATION", converter = CommandLineDuration.class,
            description = "how long to wait for the answer (default ${DEFAULT-VALUE}); 0s: do not wait")
    Duration wait;

    @Mixin
    KafkaLogin kafkaLogin;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    SendCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command in this JVM, with {@code environment} instead of the process's; the exit status. */
    public static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine command = new CommandLine(new SendCommand(environment));
        command.setOut(out);
        command.setErr(err);
        return command.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        String ceType = TYPES.stream().filter(t -> t.equals(type) || t.endsWith("." + type)).findFirst()
                .orElseThrow(() -> usage("--type " + type + " is none of " + TYPES));
        String ceId = id == null ? UUID.randomUUID().toString() : id;
        if (ceId.isBlank() || ceId.length() > 200) {
            throw usage("--id must be 1 to 200 characters");
        }
        String value = body.json != null ? body.json : Files.readString(body.file, StandardCharsets.UTF_8);
        Map<String, Object> login = kafkaLogin.clientConfig(environment, DEFAULT_LOGIN);
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConsumer<String, String> results = wait.isZero() ? null : resultsFromTheirEnd(login)) {
            RecordMetadata written = write(login, ceId, ceType, value);
            out.printf("Command %s (%s) written to %s-%d@%d%n", ceId, ceType, written.topic(), written.partition(), written.offset());
            if (results == null) {
                return 0;
            }
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : results.poll(POLL)) {
                    if (ceId.equals(record.key())) {
                        out.println(record.value());
                        JsonNode answer = EventJson.mapper().readTree(record.value());
                        return "ACCEPTED".equals(answer.path("outcome").asText()) ? 0 : 1;
                    }
                }
            }
            spec.commandLine().getErr().printf("No answer within %s; send the command again with --id %s to learn it "
                    + "(it is applied once whatever happens)%n", wait, ceId);
            return 1;
        }
    }

    /** Reads every partition of the results topic from its end as it is now: an answer written later is this command's. */
    private static KafkaConsumer<String, String> resultsFromTheirEnd(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMAND_RESULTS).stream()
                .map(partition -> new TopicPartition(partition.topic(), partition.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static RecordMetadata write(Map<String, Object> login, String ceId, String ceType, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.COMMANDS, ceId, value);
            header(record, CloudEventHeaders.ID, ceId);
            header(record, CloudEventHeaders.TYPE, ceType);
            header(record, CloudEventHeaders.SOURCE, SOURCE);
            header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
            header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            return producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
