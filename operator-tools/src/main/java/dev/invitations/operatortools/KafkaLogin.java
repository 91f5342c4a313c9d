package dev.invitations.operatortools;

import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How an operator tool logs in to Kafka (a picocli mixin): against the local run with the password from its endpoints
 * file, against a deployment ({@code --bootstrap-servers}) with the password from {@code PORTAL_KAFKA_<LOGIN>_PASSWORD},
 * never from the command line (which anyone on the machine may read).
 */
final class KafkaLogin {

    private static final Path ENDPOINTS_FILE = Path.of("infra", "endpoints.properties");
    /** The local run's base directories: the run script's and LocalSystem's default. */
    private static final List<Path> LOCAL_RUNS = List.of(Path.of(".local-run"), Path.of("target", "local-system"));
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            description = "a deployment's broker; the password comes from PORTAL_KAFKA_<LOGIN>_PASSWORD")
    String bootstrapServers;

    @Option(names = "--security-protocol", defaultValue = "SASL_PLAINTEXT", paramLabel = "PROTOCOL",
            description = "with --bootstrap-servers: SASL_PLAINTEXT or SASL_SSL (default ${DEFAULT-VALUE}); SCRAM-SHA-512")
    String securityProtocol;

    @Option(names = "--login", paramLabel = "NAME", description = "the Kafka login (default: the command's own, see above)")
    String loginName;

    @Option(names = "--endpoints-file", paramLabel = "FILE",
            description = "the local run's endpoints file (default: the newest of .local-run and target/local-system)")
    Path endpointsFile;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The Kafka client settings (bootstrap servers and login) for {@code --login}, else {@code defaultLogin}. */
    Map<String, Object> clientConfig(Map<String, String> environment, String defaultLogin) throws IOException {
        String user = loginName == null ? defaultLogin : loginName;
        if (!NAME.matcher(user).matches()) {
            throw usage("--login " + user + " is not a valid name");
        }
        if (bootstrapServers != null) {
            if (endpointsFile != null) {
                throw usage("--bootstrap-servers and --endpoints-file name two brokers; give one");
            }
            String protocol = securityProtocol.toUpperCase(Locale.ROOT);
            if (!protocol.equals("SASL_PLAINTEXT") && !protocol.equals("SASL_SSL")) {
                throw usage("--security-protocol must be SASL_PLAINTEXT or SASL_SSL, not " + securityProtocol);
            }
            if (!Pattern.compile("[A-Za-z0-9.:,\\[\\]-]{1,1000}").matcher(bootstrapServers).matches()) {
                throw usage("--bootstrap-servers " + bootstrapServers + " is not a valid name");
            }
            String variable = "PORTAL_KAFKA_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
            String password = environment.get(variable);
            if (password == null || password.isEmpty()) {
                throw usage(variable + " is not set: the password of the Kafka login " + user);
            }
            Map<String, Object> login = new LinkedHashMap<>();
            login.put("bootstrap.servers", bootstrapServers);
            login.put("security.protocol", protocol);
            login.put("sasl.mechanism", KafkaCredentials.MECHANISM);
            login.put("sasl.jaas.config", KafkaCredentials.jaasConfig(user, password));
            return login;
        }
        Path file = Optional.ofNullable(endpointsFile).orElseGet(KafkaLogin::newestLocalRun);
        if (!Files.isRegularFile(file)) {
            throw usage("No local run's endpoints file at " + file.toAbsolutePath()
                    + ": start one with ./run-local.sh, or name a broker with --bootstrap-servers");
        }
        Endpoints endpoints = Endpoints.readFrom(file);
        if (endpoints.kafkaCredentials() != null && !endpoints.kafkaCredentials().passwords().containsKey(user)) {
            throw usage("The local run has no Kafka login " + user);
        }
        return endpoints.kafkaClientConfig(user);
    }

    /** The local run that started last: its infrastructure writes the endpoints file when it starts. */
    private static Path newestLocalRun() {
        return LOCAL_RUNS.stream().map(base -> base.resolve(ENDPOINTS_FILE)).filter(Files::isRegularFile)
                .max(Comparator.comparing(file -> file.toFile().lastModified()))
                .orElse(LOCAL_RUNS.get(0).resolve(ENDPOINTS_FILE));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
