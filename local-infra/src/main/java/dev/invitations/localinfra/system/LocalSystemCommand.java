package dev.invitations.localinfra.system;

import dev.invitations.localinfra.system.LocalSystem.Options;
import dev.invitations.localinfra.system.LocalSystem.Service;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./run-local.sh}: starts {@link LocalSystem} on the README's ports, prints where to look, and runs until
 * Ctrl-C or SIGTERM, which stop everything. A service's port also comes from the environment, e.g.
 * {@code INVITATION_SERVICE_PORT=9081}; the option wins.
 */
@Command(name = "run-local.sh", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Starts PostgreSQL, Kafka, the mail server, Keycloak and the services on 127.0.0.1 and prints where to look.")
public final class LocalSystemCommand implements Callable<Integer> {

    private static final String NEXT_STEPS = """
            Next: in another terminal, ./demo.sh creates web roles, an account, a workflow and a contact, sends an
            invitation, reads its email from the mailbox above, redeems the code it carries and prints what each service shows.
            The same by hand with curl: README.md, "Try it by hand"; every endpoint is in the Swagger UIs above.
            Requests need an access token: the Token line above prints one (TOKEN=$(curl ...)); send it with
            -H "Authorization: Bearer $TOKEN". Dev logins and their roles are listed above.""";

    @Spec
    CommandSpec spec;

    @Option(names = "--repo-root", paramLabel = "DIR", description = "the repository root (default: found above the working directory or this jar)")
    Path repositoryRoot;

    @Option(names = "--base-dir", paramLabel = "DIR", description = "infrastructure state and logs (default <repo-root>/target/local-system)")
    Path baseDirectory;

    @Option(names = "--free-ports", description = "every service on a free port instead of the defaults")
    boolean freePorts;

    @Option(names = "--no-identity-provider", description = "start no Keycloak (the services then accept no token)")
    boolean noIdentityProvider;

    @Option(names = "--identity-provider-port", paramLabel = "N", description = "Keycloak's port (default "
            + LocalSystem.DEFAULT_IDENTITY_PROVIDER_PORT + ", env KEYCLOAK_PORT)")
    Integer identityProviderPort;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** This command with one port option per service, named after its module (the enum is the one list of them). */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LocalSystemCommand());
        for (Service service : Service.values()) {
            commandLine.getCommandSpec().addOption(OptionSpec.builder(service.portOption())
                    .paramLabel("N").type(Integer.class)
                    .description(service.moduleName() + "'s HTTP port (default " + service.defaultHttpPort() + ", env "
                            + service.portVariable() + ")")
                    .build());
        }
        return commandLine;
    }

    @Override
    public Integer call() throws InterruptedException {
        Options options = options(System.getenv());
        long started = System.nanoTime();
        LocalSystem system = new LocalSystem(options);
        // Registered before anything starts: Ctrl-C during the start stops what had started.
        Runtime.getRuntime().addShutdownHook(new Thread(system::close, "local-system-stop"));
        try {
            system.startAll();
        } catch (IOException | RuntimeException e) {
            System.err.println("The local system did not start: " + e.getMessage());
            return 1;
        }
        System.out.printf("Portal invitations is running (started in %.1f s). Ctrl-C stops everything.%n%s%n%n%s%n",
                (System.nanoTime() - started) / 1e9, system.describe(), NEXT_STEPS);
        // Until Ctrl-C or SIGTERM: the shutdown hook then stops everything.
        new CountDownLatch(1).await();
        return 0;
    }

    /** What the command line and the environment ask for; the command line wins. */
    Options options(Map<String, String> environment) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            Integer port = spec.findOption(service.portOption()).getValue();
            Optional.ofNullable(port)
                    .or(() -> Optional.ofNullable(environment.get(service.portVariable())).map(value -> port(service.portVariable(), value)))
                    .ifPresent(value -> ports.put(service, value));
        }
        Integer keycloakPort = identityProviderPort != null ? identityProviderPort
                : Optional.ofNullable(environment.get("KEYCLOAK_PORT")).map(value -> port("KEYCLOAK_PORT", value)).orElse(null);
        Options options = Options.defaults(repositoryRoot != null ? repositoryRoot : findRepositoryRoot())
                .withIdentityProvider(!noIdentityProvider);
        if (freePorts) {
            options = options.withFreePorts();
        }
        for (Map.Entry<Service, Integer> port : ports.entrySet()) {
            options = options.withHttpPort(port.getKey(), port.getValue());
        }
        if (keycloakPort != null) {
            options = options.withIdentityProviderPort(keycloakPort);
        }
        return baseDirectory == null ? options : options.withBaseDirectory(baseDirectory);
    }

    private int port(String variable, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), variable + " is not a port number: " + value);
        }
    }

    /** The reactor root: above the working directory, or above this jar (local-infra/target/...). */
    private Path findRepositoryRoot() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(LocalSystemCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // Then only the working directory can tell.
        }
        for (Path start : starts) {
            for (Path directory = start; directory != null; directory = directory.getParent()) {
                if (Files.isRegularFile(directory.resolve("local-infra/pom.xml"))
                        && Files.isDirectory(directory.resolve(Service.INVITATION.moduleName()))) {
                    return directory;
                }
            }
        }
        throw new ParameterException(spec.commandLine(), "Cannot find the repository root above " + starts + "; pass --repo-root DIR");
    }
}
