package dev.invitations.localinfra.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.system.LocalSystem.Options;
import dev.invitations.localinfra.system.LocalSystem.Service;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** run-local.sh's command line: the README's ports by default, the environment next, an option above both. */
class LocalSystemCommandTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void theDefaultsAreTheReadmesPorts() {
        Options options = options(Map.of());
        assertEquals(8081, options.httpPorts().get(Service.INVITATION));
        assertEquals(8080, options.httpPorts().get(Service.PORTAL_WEB));
        assertEquals(LocalSystem.DEFAULT_IDENTITY_PROVIDER_PORT, options.identityProviderPort());
        assertTrue(options.identityProvider());
        assertEquals(ROOT.resolve("target/local-system"), options.baseDirectory());
    }

    @Test
    void anOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        Map<String, String> environment = Map.of("INVITATION_SERVICE_PORT", "9081", "REDEMPTION_SERVICE_PORT", "9082",
                "KEYCLOAK_PORT", "9180");
        Options options = options(environment, "--invitation-service-port", "7081", "--no-identity-provider",
                "--base-dir", "/state");
        assertEquals(7081, options.httpPorts().get(Service.INVITATION));
        assertEquals(9082, options.httpPorts().get(Service.REDEMPTION));
        assertEquals(8083, options.httpPorts().get(Service.NOTIFICATION));
        assertEquals(9180, options.identityProviderPort());
        assertFalse(options.identityProvider());
        assertEquals(Path.of("/state"), options.baseDirectory());
    }

    @Test
    void freePortsLeaveEveryPortToTheSystem() {
        assertTrue(options(Map.of(), "--free-ports").httpPorts().values().stream().allMatch(port -> port == 0));
    }

    @Test
    void aBadPortIsRefusedWithItsName() {
        ParameterException refused = assertThrows(ParameterException.class,
                () -> options(Map.of("WORKFLOW_SERVICE_PORT", "eighty")));
        assertTrue(refused.getMessage().contains("WORKFLOW_SERVICE_PORT is not a port number: eighty"), refused.getMessage());
        assertThrows(ParameterException.class, () -> options(Map.of(), "--portal-web-port", "x"));
        assertThrows(ParameterException.class, () -> options(Map.of(), "--verbose"));
    }

    private static Options options(Map<String, String> environment, String... args) {
        CommandLine commandLine = LocalSystemCommand.commandLine();
        String[] withRoot = new String[args.length + 2];
        withRoot[0] = "--repo-root";
        withRoot[1] = ROOT.toString();
        System.arraycopy(args, 0, withRoot, 2, args.length);
        commandLine.parseArgs(withRoot);
        return commandLine.<LocalSystemCommand>getCommand().options(environment);
    }
}
