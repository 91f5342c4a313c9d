package dev.invitations.benchmarks;

import dev.invitations.benchmarks.BenchmarkOptions.Scenario;
import dev.invitations.portalclient.PortalClient;
import dev.invitations.portalclient.Tags;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The benchmark tool (issue 8): starts the real system (or uses the running one), runs the scenarios asked for, prints
 * a table and writes {@code results-<timestamp>.json}. Everything it does is bounded by the run's deadline: when that
 * passes, each loop stops and the report says what completed.
 * <pre>
 * ./run-benchmarks.sh [--scenario all|bulk-send,smtp-ceiling,redemption,db-ceiling,consumption,kafka-ceiling] [--emails N] ...
 * </pre>
 * Exit code 0 when every scenario completed and every correctness condition held (targets missed are reported, not
 * failed), 1 otherwise, 2 for a bad command line.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        CommandLine commandLine = BenchmarkOptions.commandLine();
        BenchmarkOptions options;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return 0;
            }
            options = BenchmarkOptions.options(commandLine, findRepositoryRoot());
        } catch (ParameterException e) {
            out.println(e.getMessage());
            commandLine.usage(out);
            return 2;
        }
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        Report.Machine machine = Report.Machine.current();
        Deadline deadline = Deadline.in(options.deadline());
        Map<String, String> failures = new LinkedHashMap<>();
        BulkSendScenario.Result bulk = null;
        RedemptionScenario.Result redemption = null;
        ConsumptionScenario.Result consumption = null;
        SmtpCeiling.Result smtpCeiling = null;
        DbCeiling.Result dbCeiling = null;
        KafkaCeiling.Result kafkaCeiling = null;
        String systemDescription;
        try (PortalSystem system = open(options, out)) {
            // Ctrl-C: the system this tool started must not outlive it.
            Thread stopOnInterrupt = new Thread(system::close, "benchmark-stop");
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
            systemDescription = system.startedHere() ? "system started by the tool" : "running system (--use-running)";
            PortalClient client = new PortalClient(system.endpoints());
            String tag = Tags.next();
            if (options.scenarios().contains(Scenario.BULK_SEND)) {
                bulk = attempt(Scenario.BULK_SEND, failures, out,
                        () -> new BulkSendScenario(system, client, deadline, out).run(options.emails(), tag + "b"));
            }
            if (options.scenarios().contains(Scenario.SMTP_CEILING)) {
                smtpCeiling = attempt(Scenario.SMTP_CEILING, failures, out, () -> new SmtpCeiling(system, client, deadline,
                        out).run(options.emails(), tag + "s", options.ceilingIntoGreenMail()));
            }
            if (options.scenarios().contains(Scenario.REDEMPTION)) {
                redemption = attempt(Scenario.REDEMPTION, failures, out,
                        () -> new RedemptionScenario(system, client, deadline, out).run(options.redeemers(),
                                options.redemptions(), options.contenders(), tag + "r"));
            }
            if (options.scenarios().contains(Scenario.DB_CEILING)) {
                dbCeiling = attempt(Scenario.DB_CEILING, failures, out, () -> new DbCeiling(system, deadline, out)
                        .run(options.redeemers(), options.redemptions(), tag + "d"));
            }
            if (options.scenarios().contains(Scenario.CONSUMPTION)) {
                consumption = attempt(Scenario.CONSUMPTION, failures, out,
                        () -> new ConsumptionScenario(system, client, deadline, out).run(options.events(), tag + "c"));
            }
            if (options.scenarios().contains(Scenario.KAFKA_CEILING)) {
                kafkaCeiling = attempt(Scenario.KAFKA_CEILING, failures, out, () -> new KafkaCeiling(system, deadline, out)
                        .run(options.emails(), tag + "k"));
            }
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        } catch (IOException | RuntimeException e) {
            out.println("The system did not start: " + e.getMessage());
            return 1;
        }
        Report report = new Report(Report.commandLine(args), startedAt,
                BulkSendScenario.round((System.nanoTime() - started) / 1e9), machine, systemDescription, bulk, redemption,
                consumption, smtpCeiling, dbCeiling, kafkaCeiling,
                Report.ratios(bulk, redemption, consumption, smtpCeiling, dbCeiling, kafkaCeiling),
                failures.isEmpty() ? null : failures, Report.checks(bulk, redemption, consumption));
        ReportTable.print(report, out);
        try {
            out.println("\nResults written to " + report.write(options.outputDir()));
        } catch (IOException e) {
            out.println("\nCould not write the results to " + options.outputDir() + ": " + e);
            return 1;
        }
        boolean completed = failures.isEmpty()
                && (bulk == null || bulk.complete() && bulk.correct())
                && (redemption == null || redemption.complete() && redemption.correct())
                && (consumption == null || consumption.complete())
                && (smtpCeiling == null || smtpCeiling.complete())
                && (dbCeiling == null || dbCeiling.complete())
                && (kafkaCeiling == null || kafkaCeiling.complete());
        return completed ? 0 : 1;
    }

    private static PortalSystem open(BenchmarkOptions options, PrintStream out) throws IOException {
        return options.useRunning()
                ? PortalSystem.attach(options.runningBaseDir(), out)
                : PortalSystem.start(options.repositoryRoot(), options.outputDir().resolve("local-system"), out);
    }

    /** A scenario that fails is reported as failed and the next one still runs. */
    private static <T> T attempt(Scenario scenario, Map<String, String> failures, PrintStream out, Supplier<T> run) {
        try {
            return run.get();
        } catch (RuntimeException e) {
            String error = causes(e);
            out.println(scenario.option() + " failed: " + error);
            failures.put(scenario.option(), error);
            return null;
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }

    /** The reactor root: the working directory or one above it, holding the service modules. */
    private static Path findRepositoryRoot() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("benchmarks/pom.xml"))
                    && Files.isRegularFile(directory.resolve("local-infra/pom.xml"))) {
                return directory;
            }
        }
        return null;
    }
}
