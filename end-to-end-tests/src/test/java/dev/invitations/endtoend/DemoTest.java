package dev.invitations.endtoend;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.system.LocalSystem;
import dev.invitations.localinfra.system.LocalSystem.Service;
import dev.invitations.portalclient.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The demo a newcomer runs (demo.sh) against the system they started: it must work, and say what to do if not. */
@ExtendWith(RunningPortal.class)
class DemoTest {

    @Test
    void demoNarratesStepsOneToThreeAgainstARunningSystem(LocalSystem system) {
        List<String> args = new ArrayList<>(List.of("--base-dir", system.logDirectory().getParent().toString()));
        for (Service service : Service.values()) {
            args.addAll(List.of("--" + service.moduleName() + "-url", system.service(service).baseUrl().toString()));
        }
        Output output = new Output();

        int status = Demo.run(args.toArray(String[]::new), output.out, output.err);

        String printed = output.out();
        assertEquals(0, status, output::err);
        assertAll(
                () -> assertTrue(printed.contains("Step 1"), printed),
                () -> assertTrue(printed.contains("link    http"), "the email's link is shown: " + printed),
                () -> assertTrue(printed.contains("redemption count 1"), printed),
                () -> assertTrue(printed.contains(": COMPLETED"), "the workflow run is shown: " + printed),
                () -> assertTrue(printed.contains("status REDEEMED"), printed),
                () -> assertTrue(printed.contains("Step 4") && printed.contains(
                        LocalSystem.redemptionPage(system.service(Service.PORTAL_WEB).baseUrl().getPort()) + "?code="),
                        "the newcomer gets a link to open in a browser: " + printed),
                () -> assertTrue(printed.contains(system.infrastructure().mailboxHttpUrl().toString()),
                        "the newcomer is told where the mailbox is: " + printed));
    }

    @Test
    void demoTellsHowToStartTheSystemWhenNoneRuns(@TempDir Path nothingRunsHere) {
        Output output = new Output();

        int status = Demo.run(new String[] {"--base-dir", nothingRunsHere.toString()}, output.out, output.err);

        assertEquals(1, status);
        assertTrue(output.err().contains("./run-local.sh"), output::err);
    }

    private static final class Output {
        private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        String out() {
            return outBytes.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }
}
