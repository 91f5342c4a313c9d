package dev.invitations.portalclient;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import dev.invitations.localinfra.system.LocalSystem.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Steps 1 to 3 against the system that {@code run-local.sh} (LocalSystem) started: sets up a web role pair, an
 * account, a workflow and two contacts, sends a Single invitation, reads the email from the local mailbox, redeems
 * the code it carries, and prints what each service did ({@code ./demo.sh --help} lists the options). The base directory is LocalSystem's: the mailbox's address is read from the endpoints file its infrastructure
 * writes there. Without {@code --base-dir}, the most recently started of {@code .local-run} (the run script's) and
 * {@code target/local-system} (LocalSystem's default) is used. The services are expected on LocalSystem's default
 * ports unless their URLs are given.
 */
public final class Demo {

    /** Where LocalSystem's infrastructure publishes its endpoints, under LocalSystem's base directory. */
    static final Path ENDPOINTS_FILE = Path.of("infra", "endpoints.properties");
    private static final List<Path> BASE_DIRECTORIES = List.of(Path.of(".local-run"), Path.of("target", "local-system"));
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private Demo() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** @return the process exit status: 0 when the invitation was redeemed and every service did its part */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = Options.commandLine();
        Options options;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return 0;
            }
            options = Options.of(commandLine);
        } catch (ParameterException e) {
            err.println(e.getMessage());
            commandLine.usage(err);
            return 2;
        }
        Path baseDirectory = options.baseDirectory();
        Map<Service, URI> services = options.services();
        Path endpointsFile = baseDirectory.resolve(ENDPOINTS_FILE);
        if (!Files.isRegularFile(endpointsFile)) {
            err.println("No local system runs from " + baseDirectory.toAbsolutePath() + " (" + endpointsFile
                    + " is missing). Start it first, in another terminal: ./run-local.sh");
            return 1;
        }
        Endpoints infrastructure;
        try {
            infrastructure = Endpoints.readFrom(endpointsFile);
        } catch (IOException | RuntimeException e) {
            err.println("Cannot read " + endpointsFile + ": " + e);
            return 1;
        }
        for (Map.Entry<Service, URI> service : services.entrySet()) {
            if (!ready(service.getValue())) {
                err.println(service.getKey().moduleName() + " is not ready on " + service.getValue()
                        + "/q/health/ready. Is the local system running? Start it with ./run-local.sh");
                return 1;
            }
        }

        PortalEndpoints endpoints = new PortalEndpoints(services.get(Service.INVITATION),
                services.get(Service.REDEMPTION), services.get(Service.NOTIFICATION), services.get(Service.WORKFLOW),
                infrastructure.mailboxHttpUrl(), infrastructure.identityProvider().orElse(null));
        if (endpoints.identity() == null) {
            err.println("The local system in " + baseDirectory.toAbsolutePath() + " has no identity provider; restart it with ./run-local.sh");
            return 1;
        }
        String tag = Tags.next();
        long started = System.nanoTime();
        try {
            PortalClient portal = new PortalClient(endpoints);
            Mailbox mailbox = new Mailbox(endpoints.mailbox());
            SingleInvitationWalkthrough.Outcome outcome = new SingleInvitationWalkthrough(portal, mailbox, DEADLINE,
                    out::println).run(tag);
            inviteToTheBrowser(portal, mailbox, outcome.setup(), tag, out);
        } catch (PortalClient.UnexpectedReply e) {
            err.println("A service refused a step: " + e.getMessage());
            return 1;
        } catch (ConditionTimeoutException e) {
            err.println("Something did not happen in time: " + e.getMessage()
                    + "\nThe services' logs are in " + baseDirectory.resolve("logs").toAbsolutePath());
            return 1;
        }
        out.printf("%nDone in %.1f s. Read the email yourself in the mailbox: %s%n", (System.nanoTime() - started) / 1e9,
                endpoints.mailbox());
        out.println("Try the APIs by hand in each service's Swagger UI:");
        services.forEach((service, url) -> {
            if (service != Service.PORTAL_WEB) {
                out.printf("  %-21s %s%n", service.moduleName(), url.resolve("/q/swagger-ui"));
            }
        });
        return 0;
    }

    /**
     * Step 4, for the person at the keyboard: a GROUP invitation with the same grants, whose emailed link they open in
     * a browser, sign in as a dev portal login (ada or grace) or register, and accept on the Invite Redemption Page.
     */
    private static void inviteToTheBrowser(PortalClient portal, Mailbox mailbox, SingleInvitationWalkthrough.Setup setup,
            String tag, PrintStream out) {
        JsonNode invitation = portal.createInvitation(PortalClient.InvitationDraft.group("Try it in a browser " + tag,
                        SingleInvitationWalkthrough.OWNER, List.of(setup.inviteeId()), 10)
                .invitedBy(UUID.fromString(setup.inviter().path("id").asText()))
                .assigningAccount(UUID.fromString(setup.account().path("id").asText()))
                .grantingWebRoles(UUID.fromString(setup.partnerRole().path("id").asText())));
        portal.send(UUID.fromString(invitation.path("id").asText()));
        String address = setup.invitee().path("emailAddress1").asText();
        List<ReceivedMail> mails = mailbox.awaitMessagesTo(address, 2, DEADLINE);
        InvitationEmail email = InvitationEmail.of(mails.get(mails.size() - 1));
        out.printf("%nStep 4, yours: a GROUP invitation (\"%s\", up to 10 people) was emailed to %s. Open its link in a"
                + " browser:%n  %s%nSign in as ada (password ada) or grace (password grace), or create an account, and"
                + " accept it.%n", invitation.path("name").asText(), address, email.link());
    }

    /** The base directory whose infrastructure started last; the first one if none ever started. */
    private static Path latestStarted(List<Path> candidates) {
        Path latest = candidates.get(0);
        FileTime latestStart = FileTime.fromMillis(Long.MIN_VALUE);
        for (Path candidate : candidates) {
            try {
                FileTime started = Files.getLastModifiedTime(candidate.resolve(ENDPOINTS_FILE));
                if (started.compareTo(latestStart) > 0) {
                    latest = candidate;
                    latestStart = started;
                }
            } catch (IOException neverStarted) {
                // No endpoints file: no system ever ran from there.
            }
        }
        return latest;
    }

    private static boolean ready(URI service) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/q/health/ready")).timeout(HEALTH_TIMEOUT).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the command line says: where the system runs from, and where each service answers. */
    private record Options(Path baseDirectory, Map<Service, URI> services) {

        private static final String BASE_DIRECTORY = "--base-dir";

        /** The demo's command line: a base directory and one URL option per service, named after its module. */
        static CommandLine commandLine() {
            CommandSpec spec = CommandSpec.create().name("demo.sh");
            spec.usageMessage().description("Creates web roles, an account, a workflow and contacts, sends an invitation, "
                    + "reads its email, redeems its code and prints what each service shows.");
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help and exit").build());
            spec.addOption(OptionSpec.builder(BASE_DIRECTORY).paramLabel("DIR").type(Path.class)
                    .description("the local run's base directory (default: the latest started of .local-run and target/local-system)")
                    .build());
            for (Service service : Service.values()) {
                spec.addOption(OptionSpec.builder(urlOption(service)).paramLabel("URL").type(URI.class)
                        .description(service.moduleName() + "'s address (default http://127.0.0.1:" + service.defaultHttpPort() + ")")
                        .build());
            }
            return new CommandLine(spec);
        }

        static Options of(CommandLine parsed) {
            CommandSpec spec = parsed.getCommandSpec();
            Map<Service, URI> services = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                URI url = spec.findOption(urlOption(service)).getValue();
                services.put(service, url != null ? url : URI.create("http://127.0.0.1:" + service.defaultHttpPort()));
            }
            Path baseDirectory = spec.findOption(BASE_DIRECTORY).getValue();
            return new Options(baseDirectory == null ? latestStarted(BASE_DIRECTORIES) : baseDirectory, services);
        }

        private static String urlOption(Service service) {
            return "--" + service.moduleName() + "-url";
        }
    }
}
