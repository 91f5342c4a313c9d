package dev.invitations.operatortools;

import dev.invitations.localinfra.process.CommandLineDuration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./redrive-dead-letters.sh}: moves a service's dead-lettered records back to the topics they came from
 * ({@link DeadLetterRedrive}), or, with {@code --dry-run}, lists what it would move. Logs in as {@code redrive}, the
 * broker's principal that may read the dead-letter topics and write the consumed topics and nothing else
 * (local-infra's KafkaAcls), as {@link KafkaLogin} says.
 */
@Command(name = "redrive-dead-letters.sh", mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Moves the records of a dead-letter topic back to the topics they came from (same key, value and headers, "
                        + "without the dead-letter ones).",
                "Consumers skip an event they applied already, so moving one twice is harmless; each run starts where the "
                        + "last one stopped (its consumer group's committed offsets).",
                "Logs in as redrive, unless --login names another login."},
        footer = {"", "Exit status: 0 done, 1 failed or timed out (what the broker acknowledged is committed), 2 bad usage.",
                "Example: ./redrive-dead-letters.sh --service workflow-service --dry-run"})
public final class RedriveDeadLetters implements Callable<Integer> {

    static final String DEFAULT_LOGIN = "redrive";
    private static final Pattern NAME = KafkaLogin.NAME;
    private static final Pattern KAFKA_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final int MAX_RECORDS = 1_000_000;
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--service", paramLabel = "NAME", description = "the service whose dead-letter topic to drain (dead-letter.NAME)")
        String service;
        @Option(names = "--topic", paramLabel = "TOPIC", description = "the dead-letter topic itself (dead-letter.*)")
        String topic;
    }

    @Option(names = "--dry-run", description = "list what would move (count per original topic, the reasons); change nothing")
    boolean dryRun;

    @Option(names = "--max", defaultValue = "10000", paramLabel = "N", description = "move at most N records in this run (default ${DEFAULT-VALUE})")
    int max;

    @Option(names = "--timeout", defaultValue = "2m", paramLabel = "DURATION", converter = CommandLineDuration.class,
            description = "stop after this long, e.g. 30s, 5m (default ${DEFAULT-VALUE}, at most 1h)")
    Duration timeout;

    @Option(names = "--group", paramLabel = "GROUP", description = "the consumer group that remembers what was moved (default redrive.TOPIC)")
    String group;

    @Mixin
    KafkaLogin kafkaLogin;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    RedriveDeadLetters(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command in this JVM, with {@code environment} instead of the process's; the exit status. */
    public static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine command = new CommandLine(new RedriveDeadLetters(environment));
        command.setOut(out);
        command.setErr(err);
        return command.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        String topic = deadLetterTopic();
        String consumerGroup = group == null ? DEFAULT_LOGIN + "." + topic : valid(group, KAFKA_NAME, "--group");
        if (max < 1 || max > MAX_RECORDS) {
            throw usage("--max must be between 1 and " + MAX_RECORDS + ", not " + max);
        }
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw usage("--timeout must be more than 0 and at most 1h, not " + timeout);
        }
        Map<String, Object> login = kafkaLogin.clientConfig(environment, DEFAULT_LOGIN);
        PrintWriter out = spec.commandLine().getOut();
        try {
            DeadLetterRedrive.Report report = new DeadLetterRedrive(login, topic, consumerGroup, max, timeout).run(dryRun);
            print(report, consumerGroup, out);
            return report.timedOut() ? 1 : 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("The re-drive of " + topic + " failed: " + e
                    + "\nWhat the broker acknowledged before is committed; run the command again to go on.");
            return 1;
        }
    }

    private String deadLetterTopic() {
        if (source.service != null) {
            return DeadLetterRedrive.DEAD_LETTER_TOPIC_PREFIX + valid(source.service, NAME, "--service");
        }
        String topic = valid(source.topic, KAFKA_NAME, "--topic");
        if (!topic.startsWith(DeadLetterRedrive.DEAD_LETTER_TOPIC_PREFIX)) {
            throw usage("--topic " + topic + " is not a dead-letter topic (" + DeadLetterRedrive.DEAD_LETTER_TOPIC_PREFIX + "<service>)");
        }
        return topic;
    }

    private static void print(DeadLetterRedrive.Report report, String group, PrintWriter out) {
        out.printf("%s (group %s): %d records waiting%n", report.deadLetterTopic(), group, report.waiting());
        out.printf(report.dryRun() ? "Dry run, nothing changed. Would move %d records:%n" : "Moved %d records:%n", report.moved());
        report.byTopic().forEach((topic, count) -> out.printf("  %-36s %8d%n", topic, count));
        if (!report.byReason().isEmpty()) {
            out.println("Reasons:");
            report.byReason().forEach((reason, count) -> out.printf("  %8d  %s%n", count, reason));
        }
        if (!report.unmovable().isEmpty()) {
            out.println((report.dryRun() ? "Would pass over" : "Passed over") + " (not dead-lettered by the connector; the topic keeps them):");
            report.unmovable().forEach(record -> out.println("  " + record));
        }
        if (report.left() > 0) {
            out.printf("%d records left for another run (%s).%n", report.left(), report.timedOut() ? "timed out" : "--max");
        }
    }

    private String valid(String value, Pattern pattern, String option) {
        if (!pattern.matcher(value).matches()) {
            throw usage(option + " " + value + " is not a valid name");
        }
        return value;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
