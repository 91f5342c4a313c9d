package dev.invitations.endtoend.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.kafka.KafkaCredentials;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/kafka's scripts cannot run here (no Docker engine), so they are read: the broker's start script writes the
 * local broker's logins into new storage, and the init script creates every topic a service publishes or consumes.
 * That the init script's ACLs are the local broker's is local-infra's DeployedKafkaAclsTest.
 */
class KafkaScriptsTest {

    private static final Pattern LOGINS = Pattern.compile("^logins=\\(([^)]*)\\)$", Pattern.MULTILINE);
    private static final Pattern MECHANISM = Pattern.compile("^mechanism=(\\S+)$", Pattern.MULTILINE);
    private static final Pattern TOPIC_LOOP = Pattern.compile("^for topic in ([^;]+); do", Pattern.MULTILINE);

    @Test
    void theBrokerIsFormattedWithTheLoginsOfTheLocalBroker() {
        String script = KafkaLogins.script(KafkaLogins.START_BROKER);
        Matcher logins = LOGINS.matcher(script);
        assertTrue(logins.find(), "start-broker.sh names no logins");
        assertEquals(KafkaLogins.logins(), List.of(logins.group(1).trim().split("\\s+")));
        Matcher mechanism = MECHANISM.matcher(script);
        assertTrue(mechanism.find(), "start-broker.sh names no SASL mechanism");
        assertEquals(KafkaCredentials.MECHANISM, mechanism.group(1));
        assertTrue(script.contains("kafka-storage.sh format") && script.contains("--add-scram"),
                "the logins are written into the storage when it is formatted");
    }

    @Test
    void theInitScriptCreatesEveryTopicTheServicesPublishOrConsume() throws IllegalAccessException {
        Matcher loop = TOPIC_LOOP.matcher(KafkaLogins.script(KafkaLogins.CREATE_TOPICS_AND_ACLS));
        assertTrue(loop.find(), "create-topics-and-acls.sh has no topic loop");
        Set<String> topics = new TreeSet<>(ComposeFileTest.contractTopics());
        for (String module : Descriptors.SERVICES) {
            topics.addAll(ServiceConfiguration.of(module).topics());
        }
        Set<String> created = new TreeSet<>();
        Matcher word = Pattern.compile("[a-z][a-z0-9.-]*").matcher(loop.group(1));
        while (word.find()) {
            created.add(word.group());
        }
        Set<String> missing = new TreeSet<>(topics);
        missing.removeAll(created);
        assertEquals(Set.of(), missing, "create-topics-and-acls.sh does not create these topics");
    }

    @Test
    void bothScriptsAreExecutable() {
        for (String script : List.of(KafkaLogins.START_BROKER, KafkaLogins.CREATE_TOPICS_AND_ACLS)) {
            assertTrue(Files.isExecutable(KafkaLogins.SCRIPTS.resolve(script)), script + " is the container's command");
        }
    }
}
