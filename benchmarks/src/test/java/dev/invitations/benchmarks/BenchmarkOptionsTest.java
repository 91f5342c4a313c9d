package dev.invitations.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.benchmarks.BenchmarkOptions.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class BenchmarkOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsAreTheIssuesFigures() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[0], ROOT);
        assertEquals(EnumSet.allOf(Scenario.class), options.scenarios());
        assertEquals(10_000, options.emails());
        assertEquals(Duration.ofMinutes(30), options.deadline());
        assertEquals(ROOT.resolve("target/benchmarks"), options.outputDir());
        assertEquals(ROOT.resolve("target/local-system"), options.runningBaseDir());
    }

    @Test
    void optionsOverrideTheDefaults() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--scenario", "bulk-send", "--emails", "100,000",
                "--redeemers", "64", "--deadline", "90s", "--use-running", "--base-dir", "/run"}, ROOT);
        assertEquals(Set.of(Scenario.BULK_SEND), options.scenarios());
        assertEquals(100_000, options.emails());
        assertEquals(64, options.redeemers());
        assertEquals(Duration.ofSeconds(90), options.deadline());
        assertTrue(options.useRunning());
        assertEquals(Path.of("/run"), options.runningBaseDir());
    }

    @Test
    void scenariosMayBeListedAndRunInTheirOwnOrder() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--scenario", "smtp-ceiling, bulk-send",
                "--ceiling-mail-server", "greenmail"}, ROOT);
        assertEquals(List.of(Scenario.BULK_SEND, Scenario.SMTP_CEILING), List.copyOf(options.scenarios()));
        assertTrue(options.ceilingIntoGreenMail());
        assertFalse(BenchmarkOptions.parse(new String[0], ROOT).ceilingIntoGreenMail());
    }

    @Test
    void allIsEveryScenario() {
        assertEquals(EnumSet.allOf(Scenario.class), BenchmarkOptions.parse(new String[] {"--scenario", "all"}, ROOT).scenarios());
    }

    @Test
    void aBadCommandLineIsRefusedWithTheReason() {
        assertRefused("takes a whole number from 1 to 1000000, not 0", "--emails", "0");
        assertRefused("Unknown scenario everything", "--scenario", "everything");
        assertRefused("not a duration like 90s, 30m or 1h: soon", "--deadline", "soon");
        assertRefused("--redeemers", "--redeemers");
        assertRefused("--redeemers takes at most 2000, not 5000", "--redeemers", "5000");
        assertRefused("takes sink or greenmail, not postfix", "--ceiling-mail-server", "postfix");
        assertRefused("--base-dir names a running system's directory: use it with --use-running", "--base-dir", "/x");
        assertRefused("Unknown option: '--fast'", "--fast");
    }

    private static void assertRefused(String reason, String... args) {
        String message = assertThrows(ParameterException.class, () -> BenchmarkOptions.parse(args, ROOT)).getMessage();
        assertTrue(message.contains(reason), message);
    }
}
