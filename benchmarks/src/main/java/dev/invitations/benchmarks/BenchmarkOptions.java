package dev.invitations.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

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

    static final String USAGE = """
            Usage: run-benchmarks.sh [options]
              --scenario NAMES      all (default), or some of bulk-send, smtp-ceiling, redemption, db-ceiling,
                                    consumption, kafka-ceiling, separated by commas
              --ceiling-mail-server sink | greenmail: where smtp-ceiling writes (default sink, the server the
                                    services mail to; greenmail to compare)
              --emails N            invitations created and bulk-sent, one email each (default 10000)
              --redeemers M         concurrent redemption clients (default 32)
              --redemptions R       redemptions of the open GROUP invitations in the measured rush (default 20000)
              --contenders C        distinct contacts racing on each contended invitation (default 500)
              --events K            InvitationRedeemed events published for the consumption rate (default 10000)
              --deadline DURATION   time budget of the whole run, e.g. 30m or 90s (default 30m)
              --use-running         use the system ./run-local.sh started (ports 8081-8084) instead of starting one
              --base-dir DIR        with --use-running: that system's base directory (default target/local-system)
              --repo-root DIR       the repository root (default: found above the working directory)
              --output DIR          where results-<timestamp>.json goes (default <repo-root>/target/benchmarks)""";

    static BenchmarkOptions parse(String[] args, Path repositoryRootGuess) {
        Set<Scenario> scenarios = EnumSet.allOf(Scenario.class);
        boolean ceilingIntoGreenMail = false;
        int emails = 10_000;
        int redeemers = 32;
        int redemptions = 20_000;
        int contenders = 500;
        int events = 10_000;
        boolean useRunning = false;
        Path baseDir = null;
        Path repositoryRoot = repositoryRootGuess;
        Path outputDir = null;
        Duration deadline = Duration.ofMinutes(30);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--scenario" -> scenarios = scenarios(value(args, ++i));
                case "--ceiling-mail-server" -> ceilingIntoGreenMail = switch (value(args, ++i)) {
                    case "sink" -> false;
                    case "greenmail" -> true;
                    default -> throw new UsageException("--ceiling-mail-server takes sink or greenmail, not " + args[i]);
                };
                case "--emails" -> emails = positive(option, value(args, ++i), 1_000_000);
                case "--redeemers" -> redeemers = positive(option, value(args, ++i), 2_000);
                case "--redemptions" -> redemptions = positive(option, value(args, ++i), 1_000_000);
                case "--contenders" -> contenders = positive(option, value(args, ++i), 10_000);
                case "--events" -> events = positive(option, value(args, ++i), 1_000_000);
                case "--deadline" -> deadline = duration(value(args, ++i));
                case "--use-running" -> useRunning = true;
                case "--base-dir" -> baseDir = Path.of(value(args, ++i));
                case "--repo-root" -> repositoryRoot = Path.of(value(args, ++i));
                case "--output" -> outputDir = Path.of(value(args, ++i));
                case "--help", "-h" -> throw new UsageException(null);
                default -> throw new UsageException("Unknown option " + option);
            }
        }
        if (repositoryRoot == null) {
            throw new UsageException("Cannot find the repository root above the working directory; pass --repo-root DIR");
        }
        if (baseDir != null && !useRunning) {
            throw new UsageException("--base-dir names a running system's directory: use it with --use-running");
        }
        repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
        return new BenchmarkOptions(scenarios, ceilingIntoGreenMail, emails, redeemers, redemptions, contenders, events, useRunning,
                baseDir != null ? baseDir : repositoryRoot.resolve("target/local-system"), repositoryRoot,
                outputDir != null ? outputDir : repositoryRoot.resolve("target/benchmarks"), deadline);
    }

    private static Set<Scenario> scenarios(String names) {
        if (names.equals("all")) {
            return EnumSet.allOf(Scenario.class);
        }
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        for (String name : names.split(",")) {
            chosen.add(Arrays.stream(Scenario.values()).filter(scenario -> scenario.option().equals(name.trim()))
                    .findFirst().orElseThrow(() -> new UsageException("Unknown scenario " + name)));
        }
        return chosen;
    }

    private static int positive(String option, String value, int max) {
        try {
            int number = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the option's range.
        }
        throw new UsageException(option + " takes a whole number from 1 to " + max + ", not " + value);
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, or ISO-8601 ({@code PT30M}). */
    private static Duration duration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            Duration duration = switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> null;
            };
            if (duration != null && !duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (RuntimeException e) {
            // Reported below.
        }
        throw new UsageException("--deadline takes a duration such as 90s, 30m or 1h, not " + value);
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new UsageException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    /** A command line the tool cannot run with; a null message asks for the usage alone. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
