package dev.invitations.benchmarks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one run measured, the machine it ran on, and the targets checked against the figures: written as
 * JSON and printed as a table.
 *
 * @param ratios   each system figure divided by its ceiling's: on a shared machine, the figure that compares across runs
 * @param failures scenarios that stopped with an error, with the error
 * @param checks   the targets and correctness conditions, each met or not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Report(String command, Instant startedAt, double seconds, Machine machine, String system,
              BulkSendScenario.Result bulkSend, RedemptionScenario.Result redemption,
              ConsumptionScenario.Result consumption, SmtpCeiling.Result smtpCeiling, DbCeiling.Result dbCeiling,
              KafkaCeiling.Result kafkaCeiling, List<Ratio> ratios, Map<String, String> failures, List<Check> checks) {

    static final double BULK_EMAILS_PER_SECOND = 2_000;
    static final double REDEMPTIONS_PER_SECOND = 2_000;
    static final double REDEMPTION_P99_MILLIS = 50;
    static final long SERVICE_RSS_MB = 300;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * @param loadAverage the 1-minute load average when the run began: other work on the box skews every figure
     */
    record Machine(int cores, long memoryMb, String jdk, String os, double loadAverage) {

        static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), memTotalMb(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                    ProcessMonitor.loadAverage());
        }

        private static long memTotalMb() {
            try {
                return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                        .filter(line -> line.startsWith("MemTotal:"))
                        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
                        .findFirst().orElse(-1);
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /** One target or correctness condition: what was measured against what was asked. */
    record Check(String scenario, String what, String measured, String target, boolean met) {
    }

    /** A system figure beside the same work done with nothing but the server it depends on: system / ceiling. */
    record Ratio(String figure, double system, String ceiling, double ceilingFigure, double ratio) {

        static Ratio of(String figure, double system, String ceiling, double ceilingFigure) {
            return new Ratio(figure, system, ceiling, ceilingFigure, Math.round(system / ceilingFigure * 1000) / 1000.0);
        }
    }

    static List<Ratio> ratios(BulkSendScenario.Result bulk, RedemptionScenario.Result redemption,
            ConsumptionScenario.Result consumption, SmtpCeiling.Result smtp, DbCeiling.Result db, KafkaCeiling.Result kafka) {
        List<Ratio> ratios = new ArrayList<>();
        if (bulk != null && smtp != null) {
            ratios.add(Ratio.of("bulk-send emails/s", bulk.emailsPerSecond(), "smtp-ceiling emails/s (" + smtp.mailServer()
                    + ")", smtp.emailsPerSecond()));
        }
        if (bulk != null && kafka != null) {
            ratios.add(Ratio.of("bulk-send emails/s", bulk.emailsPerSecond(), "kafka-ceiling consumed/s",
                    kafka.consumedPerSecond()));
        }
        if (redemption != null && db != null) {
            ratios.add(Ratio.of("redemption redemptions/s", redemption.rush().redemptionsPerSecond(), "db-ceiling tx/s",
                    db.transactionsPerSecond()));
            ratios.add(Ratio.of("redemption p99 ms", redemption.rush().latency().p99(), "db-ceiling p99 ms",
                    db.latency().p99()));
        }
        if (consumption != null && kafka != null) {
            for (ConsumptionScenario.Applied applied : List.of(consumption.redemptionActivities(),
                    consumption.workflowRunsCompleted())) {
                ratios.add(Ratio.of("consumption: " + applied.what() + ", events/s", applied.eventsPerSecond(),
                        "kafka-ceiling consumed/s", kafka.consumedPerSecond()));
            }
        }
        return ratios.isEmpty() ? null : List.copyOf(ratios);
    }

    static List<Check> checks(BulkSendScenario.Result bulk, RedemptionScenario.Result redemption,
            ConsumptionScenario.Result consumption) {
        List<Check> checks = new ArrayList<>();
        List<ProcessMonitor.Usage> usages = new ArrayList<>();
        if (bulk != null) {
            checks.add(new Check("bulk-send", "every email arrived before the deadline", bulk.received() + " of " + bulk.emails(),
                    "all", bulk.complete()));
            checks.add(new Check("bulk-send", "emails/s until every email was accepted", number(bulk.emailsPerSecond()),
                    ">= " + number(BULK_EMAILS_PER_SECOND), bulk.emailsPerSecond() >= BULK_EMAILS_PER_SECOND));
            checks.add(new Check("bulk-send", "lost / duplicated emails", bulk.lost() + " / " + bulk.duplicates(), "0 / 0",
                    bulk.lost() == 0 && bulk.duplicates() == 0));
            usages.add(bulk.resources());
        }
        if (redemption != null) {
            checks.add(new Check("redemption", "redemptions/s", number(redemption.rush().redemptionsPerSecond()),
                    ">= " + number(REDEMPTIONS_PER_SECOND), redemption.rush().redemptionsPerSecond() >= REDEMPTIONS_PER_SECOND));
            checks.add(new Check("redemption", "p99 latency, ms", number(redemption.rush().latency().p99()),
                    "<= " + number(REDEMPTION_P99_MILLIS), redemption.rush().latency().p99() <= REDEMPTION_P99_MILLIS));
            for (RedemptionScenario.Contended race : redemption.contended()) {
                checks.add(new Check("redemption", "successes on a contended invitation (max " + race.maxRedemptions()
                        + ", " + race.contenders() + " contenders)", race.successes() + ", shown " + race.countShown(),
                        "= " + race.maxRedemptions(), race.exact()));
            }
            checks.add(new Check("redemption", "rush redemptions that succeeded", redemption.rush().statuses().toString(),
                    "all 200", redemption.rush().statuses().keySet().stream().allMatch(status -> status == 200)
                            && redemption.rush().completed() == redemption.rush().attempts()));
            usages.add(redemption.resources());
        }
        if (consumption != null) {
            checks.add(new Check("consumption", "every event applied before the deadline by both services",
                    consumption.complete() ? "all" : "not all", "all", consumption.complete()));
            usages.add(consumption.resources());
        }
        Map<String, Long> largestRss = new TreeMap<>();
        for (ProcessMonitor.Usage usage : usages) {
            for (ProcessMonitor.ProcessUsage process : usage.processes()) {
                if (process.maxRssMb() != null && process.name().endsWith("-service")) {
                    largestRss.merge(process.name(), process.maxRssMb(), Math::max);
                }
            }
        }
        largestRss.forEach((service, rss) -> checks.add(new Check("all", "largest RSS of " + service + " under load, MB",
                Long.toString(rss), "<= " + SERVICE_RSS_MB, rss <= SERVICE_RSS_MB)));
        return List.copyOf(checks);
    }

    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return value == Math.rint(value) && Math.abs(value) >= 10 ? String.format("%,.0f", value) : String.format("%,.1f", value);
    }

    Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("results-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC).format(startedAt) + ".json");
        JSON.writeValue(file.toFile(), this);
        return file;
    }

    static String commandLine(String[] args) {
        return ("./run-benchmarks.sh " + String.join(" ", args)).trim();
    }
}
