package dev.invitations.benchmarks;

import dev.invitations.localinfra.process.CommandLineDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line of the tool.
 *
 * @param scenarios      what to run, in the order of {@link Scenario}
 * @param ceilingIntoGreenMail the SMTP ceiling writes into the infrastructure's GreenMail instead of the tool's sink
 *                       (to compare the two servers)
 * @param emails         invitations created and bulk-sent (one email each)
 * @param redeemers      concurrent redemption clients
 * @param redemptions    redemptions of the many open GROUP invitations in the measured rush
 * @param contenders     distinct contacts racing on each contended invitation
 * @param events         InvitationRedeemed events published straight to the topic
 * @param useRunning     use the system ./run-local.sh started (default ports) instead of starting one
 * @param runningBaseDir that system's base directory, where its infrastructure publishes its endpoints
 * @param repositoryRoot the reactor root, whose built services are started
 * @param outputDir      where the JSON results go
 * @param deadline       the whole run's time budget: past it, every loop stops and the report says what completed
 */
record BenchmarkOptions(Set<Scenario> scenarios, boolean ceilingIntoGreenMail, int emails, int redeemers, int redemptions, int contenders, int events,
                        boolean useRunning, Path runningBaseDir, Path repositoryRoot, Path outputDir, Duration deadline) {

    enum Scenario {
        // Each ceiling runs right after the scenario whose figure it bounds.
        BULK_SEND("bulk-send"), SMTP_CEILING("smtp-ceiling"), REDEMPTION("redemption"), DB_CEILING("db-ceiling"),
        CONSUMPTION("consumption"), KAFKA_CEILING("kafka-ceiling");

        private final String option;

        Scenario(String option) {
            this.option = option;
        }

        String option() {
            return option;
        }
    }

    private static final int MAX_REDEEMERS = 2_000;
    private static final int MAX_CONTENDERS = 10_000;

    /** The command line, as picocli reads it; {@link #options} checks what one option alone cannot. */
    @Command(name = "run-benchmarks.sh", sortOptions = false, usageHelpAutoWidth = true,
            description = "Starts the real system (or uses the running one), runs the scenarios asked for, prints a "
                    + "table and writes results-<timestamp>.json.",
            footer = {"", "Exit status: 0 every scenario completed and was correct (targets missed are reported, not "
                    + "failed), 1 otherwise, 2 bad usage."})
    static final class CommandLineArguments {
        @Option(names = "--scenario", paramLabel = "NAMES", split = ",", converter = ScenarioConverter.class,
                description = "all (default), or some of bulk-send, smtp-ceiling, redemption, db-ceiling, consumption, "
                        + "kafka-ceiling, separated by commas")
        List<Scenario> scenarios = List.of();
        @Option(names = "--ceiling-mail-server", paramLabel = "sink|greenmail", defaultValue = "sink",
                description = "where smtp-ceiling writes (default sink, the server the services mail to; greenmail to compare)")
        String ceilingMailServer;
        @Option(names = "--emails", paramLabel = "N", defaultValue = "10000", converter = WholeNumber.class,
                description = "invitations created and bulk-sent, one email each (default ${DEFAULT-VALUE})")
        int emails;
        @Option(names = "--redeemers", paramLabel = "M", defaultValue = "32", converter = WholeNumber.class,
                description = "concurrent redemption clients (default ${DEFAULT-VALUE})")
        int redeemers;
        @Option(names = "--redemptions", paramLabel = "R", defaultValue = "20000", converter = WholeNumber.class,
                description = "redemptions of the open GROUP invitations in the measured rush (default ${DEFAULT-VALUE})")
        int redemptions;
        @Option(names = "--contenders", paramLabel = "C", defaultValue = "500", converter = WholeNumber.class,
                description = "distinct contacts racing on each contended invitation (default ${DEFAULT-VALUE})")
        int contenders;
        @Option(names = "--events", paramLabel = "K", defaultValue = "10000", converter = WholeNumber.class,
                description = "InvitationRedeemed events published for the consumption rate (default ${DEFAULT-VALUE})")
        int events;
        @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "30m", converter = CommandLineDuration.class,
                description = "time budget of the whole run, e.g. 30m or 90s (default ${DEFAULT-VALUE})")
        Duration deadline;
        @Option(names = "--use-running", description = "use the system ./run-local.sh started (ports 8081-8084) instead of starting one")
        boolean useRunning;
        @Option(names = "--base-dir", paramLabel = "DIR",
                description = "with --use-running: that system's base directory (default target/local-system)")
        Path baseDir;
        @Option(names = "--repo-root", paramLabel = "DIR", description = "the repository root (default: found above the working directory)")
        Path repositoryRoot;
        @Option(names = "--output", paramLabel = "DIR",
                description = "where results-<timestamp>.json goes (default <repo-root>/target/benchmarks)")
        Path outputDir;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    /** The tool's command line, for its usage text and its errors. */
    static CommandLine commandLine() {
        return new CommandLine(new CommandLineArguments());
    }

    /**
     * The options of a command line parsed by {@link #commandLine()}.
     *
     * @throws ParameterException when it cannot run with them
     */
    static BenchmarkOptions options(CommandLine commandLine, Path repositoryRootGuess) {
        CommandLineArguments arguments = commandLine.getCommand();
        Path repositoryRoot = arguments.repositoryRoot != null ? arguments.repositoryRoot : repositoryRootGuess;
        if (repositoryRoot == null) {
            throw new ParameterException(commandLine, "Cannot find the repository root above the working directory; pass --repo-root DIR");
        }
        if (arguments.baseDir != null && !arguments.useRunning) {
            throw new ParameterException(commandLine, "--base-dir names a running system's directory: use it with --use-running");
        }
        boolean ceilingIntoGreenMail = switch (arguments.ceilingMailServer) {
            case "sink" -> false;
            case "greenmail" -> true;
            default -> throw new ParameterException(commandLine, "--ceiling-mail-server takes sink or greenmail, not "
                    + arguments.ceilingMailServer);
        };
        requireAtMost(commandLine, "--redeemers", arguments.redeemers, MAX_REDEEMERS);
        requireAtMost(commandLine, "--contenders", arguments.contenders, MAX_CONTENDERS);
        repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
        Set<Scenario> scenarios = arguments.scenarios.isEmpty() || arguments.scenarios.contains(null)
                ? EnumSet.allOf(Scenario.class) : EnumSet.copyOf(arguments.scenarios);
        return new BenchmarkOptions(scenarios, ceilingIntoGreenMail, arguments.emails, arguments.redeemers,
                arguments.redemptions, arguments.contenders, arguments.events, arguments.useRunning,
                arguments.baseDir != null ? arguments.baseDir : repositoryRoot.resolve("target/local-system"), repositoryRoot,
                arguments.outputDir != null ? arguments.outputDir : repositoryRoot.resolve("target/benchmarks"),
                arguments.deadline);
    }

    /** Each redeemer and contender is a thread of this tool. */
    private static void requireAtMost(CommandLine commandLine, String option, int value, int max) {
        if (value > max) {
            throw new ParameterException(commandLine, option + " takes at most " + max + ", not " + value);
        }
    }

    /** Parses and checks a command line: what the tests call. */
    static BenchmarkOptions parse(String[] args, Path repositoryRootGuess) {
        CommandLine commandLine = commandLine();
        commandLine.parseArgs(args);
        return options(commandLine, repositoryRootGuess);
    }

    /** A scenario by its option name; {@code all} is every scenario (a null in the list). */
    static final class ScenarioConverter implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String name) {
            String trimmed = name.trim();
            if (trimmed.equals("all")) {
                return null;
            }
            return Arrays.stream(Scenario.values()).filter(scenario -> scenario.option().equals(trimmed)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("Unknown scenario " + trimmed));
        }
    }

    /** 1 to 1,000,000, written with or without separators ({@code 100,000}, {@code 100_000}). */
    static final class WholeNumber implements ITypeConverter<Integer> {
        private static final int MAX = 1_000_000;

        @Override
        public Integer convert(String value) {
            try {
                int number = Integer.parseInt(value.replace("_", "").replace(",", ""));
                if (number >= 1 && number <= MAX) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // Reported below, with the range.
            }
            throw new TypeConversionException("takes a whole number from 1 to " + MAX + ", not " + value);
        }
    }

}
