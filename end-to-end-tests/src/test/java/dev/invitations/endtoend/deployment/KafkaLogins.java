package dev.invitations.endtoend.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.kafka.KafkaCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka security the compose and Kubernetes deployments must share with local-infra's broker (KafkaBroker,
 * KafkaCredentials): the broker authenticates every client and authorizes every request, and each service logs in
 * as its own principal with the password the broker was given for it.
 */
final class KafkaLogins {

    /** The broker's start script and the topics-and-ACLs script, as compose mounts them and Kubernetes generates them. */
    static final Path SCRIPTS = ServiceConfiguration.repositoryRoot().resolve("deploy/kafka");
    static final String START_BROKER = "start-broker.sh";
    static final String CREATE_TOPICS_AND_ACLS = "create-topics-and-acls.sh";
    /** Where the containers have the scripts. */
    static final String SCRIPTS_MOUNT = "/opt/portal/kafka";
    private static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private KafkaLogins() {
    }

    /** Every login of the local broker: the super user, the operator, the re-drive, each service. */
    static List<String> logins() {
        List<String> logins = new ArrayList<>(List.of(KafkaCredentials.ADMIN, KafkaCredentials.OPERATOR, KafkaCredentials.REDRIVE));
        logins.addAll(KafkaCredentials.SERVICES);
        return logins;
    }

    /** The variable that holds a login's password, in compose's .env, the Secret portal-kafka and the broker's environment. */
    static String passwordVariable(String login) {
        return "PORTAL_KAFKA_" + login.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }

    /** The logins, each with the password a deployment gives the broker for it. */
    static KafkaCredentials credentials(Map<String, String> brokerEnvironment) {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String login : logins()) {
            passwords.put(login, brokerEnvironment.get(passwordVariable(login)));
        }
        return new KafkaCredentials(passwords);
    }

    static String script(String name) {
        try {
            return Files.readString(SCRIPTS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The broker settings the apache/kafka image makes of its environment (its KafkaDockerWrapper): each KAFKA_*
     * variable without the prefix, in lower case, {@code _} as {@code .}, {@code __} as {@code _}, {@code ___} as
     * {@code -}.
     */
    static Map<String, String> brokerSettings(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((variable, value) -> {
            if (variable.startsWith("KAFKA_")) {
                settings.put(variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                        .replace("_", ".").replace("...", "-").replace("..", "_"), value);
            }
        });
        return settings;
    }

    /**
     * The broker takes no client without a SASL login, authorizes every request with the local broker's authorizer,
     * denies what no ACL allows, and knows admin as its only super user; clients log in with SCRAM, the controller
     * listener with PLAIN (the broker's own login), as in local-infra.
     */
    static void assertBrokerAuthenticatesAndAuthorizes(Map<String, String> environment, String where) {
        Map<String, String> settings = brokerSettings(environment);
        String protocols = settings.getOrDefault("listener.security.protocol.map", "");
        assertTrue(!protocols.isEmpty(), where + ": no listener.security.protocol.map");
        for (String listener : protocols.split(",")) {
            String[] nameAndProtocol = listener.split(":");
            assertTrue(nameAndProtocol[1].startsWith("SASL_"),
                    where + ": the listener " + nameAndProtocol[0] + " takes clients without a login (" + nameAndProtocol[1] + ")");
        }
        assertEquals(STANDARD_AUTHORIZER, settings.get("authorizer.class.name"), where + ": the broker authorizes requests");
        assertEquals("false", settings.get("allow.everyone.if.no.acl.found"), where + ": what no ACL allows is denied");
        assertEquals("User:" + KafkaCredentials.ADMIN, settings.get("super.users"), where + ": admin is the only super user");
        assertEquals(KafkaCredentials.MECHANISM, settings.get("sasl.enabled.mechanisms"), where + ": clients log in with SCRAM");
        assertEquals(KafkaCredentials.MECHANISM, settings.get("sasl.mechanism.inter.broker.protocol"), where);
        String controller = settings.get("controller.listener.names").toLowerCase(Locale.ROOT);
        assertEquals("PLAIN", settings.get("listener.name." + controller + ".sasl.enabled.mechanisms"), where);
        assertEquals("PLAIN", settings.get("sasl.mechanism.controller.protocol"), where);
    }

    /** A service logs in as its own principal with the password the broker has for it, as the local run's services do. */
    static void assertLogsInAsItself(String module, Map<String, String> environment, KafkaCredentials broker, String where) {
        broker.clientConfig(module).forEach((key, value) -> assertEquals(value,
                environment.get(EnvironmentNames.of("kafka." + key)), where + ": " + module + " kafka." + key));
    }
}
