package dev.invitations.localinfra.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The compose and Kubernetes brokers get their topics and ACLs from deploy/kafka/create-topics-and-acls.sh, which
 * cannot run here (no Docker engine): read, it must create what this module's broker does ({@link KafkaAcls}), so
 * that the deployments' ACLs cannot drift from the ones {@code KafkaAclTest} proves against a real broker.
 */
class DeployedKafkaAclsTest {

    private static final Path SCRIPT = Path.of(System.getProperty("kafka.deployment.scripts", "../deploy/kafka"))
            .resolve("create-topics-and-acls.sh");
    /** {@code allow PRINCIPAL PATTERN OPERATIONS RESOURCE...}, one line of the script. */
    private static final Pattern ALLOW = Pattern.compile("^allow (\\S+) (literal|prefixed) (\\S+) (.+)$", Pattern.MULTILINE);
    /** The loop that creates the topics: {@code for topic in NAME... ; do}. */
    private static final Pattern TOPICS = Pattern.compile("^for topic in ([^;]+); do", Pattern.MULTILINE);
    private static final Pattern PARTITIONS = Pattern.compile("--partitions (\\d+)");

    @Test
    void theDeploymentsGrantExactlyTheAclsOfTheLocalBroker() throws IOException {
        Set<AclBinding> deployed = new HashSet<>();
        Matcher line = ALLOW.matcher(Files.readString(SCRIPT).replace("\\\n", " "));
        while (line.find()) {
            deployed.addAll(bindings(line.group(1), line.group(2), line.group(3), line.group(4)));
        }
        Set<AclBinding> local = new HashSet<>(KafkaAcls.bindings());
        assertEquals(describe(local), describe(deployed), SCRIPT + " grants other ACLs than KafkaAcls");
    }

    @Test
    void theDeploymentsCreateTheTopicsOfTheLocalBrokerWithItsPartitionCount() throws IOException {
        String script = Files.readString(SCRIPT);
        Matcher loop = TOPICS.matcher(script);
        assertTrue(loop.find(), SCRIPT + " has no topic loop");
        Set<String> deployed = new TreeSet<>(List.of(loop.group(1).replace("\\", " ").trim().split("\\s+")));
        Set<String> local = new TreeSet<>(KafkaAcls.allTopics());
        assertEquals(local, deployed, SCRIPT + " creates other topics than the local broker");
        Matcher partitions = PARTITIONS.matcher(script);
        assertTrue(partitions.find(), SCRIPT + " sets no partition count");
        assertEquals(KafkaAcls.PARTITIONS, Integer.parseInt(partitions.group(1)));
    }

    /** What one allow line grants: every operation on every resource, as kafka-acls.sh does. */
    private static List<AclBinding> bindings(String principal, String pattern, String operations, String resources) {
        List<AclBinding> bindings = new ArrayList<>();
        PatternType patternType = PatternType.valueOf(pattern.toUpperCase(Locale.ROOT));
        for (String name : operations.split(",")) {
            AclOperation operation = AclOperation.fromString(name);
            assertNotEquals(AclOperation.UNKNOWN, operation, "not an ACL operation: " + name);
            for (String resource : resources.trim().split("\\s+")) {
                String[] typeAndName = resource.split(":", 2);
                ResourceType type = ResourceType.fromString(typeAndName[0]);
                assertTrue(type == ResourceType.TOPIC || type == ResourceType.GROUP, "not topic:NAME or group:NAME: " + resource);
                bindings.add(new AclBinding(new ResourcePattern(type, typeAndName[1], patternType),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /** One readable line per binding, sorted: a failure shows what is missing or extra. */
    private static Set<String> describe(Set<AclBinding> bindings) {
        Set<String> lines = new TreeSet<>();
        for (AclBinding binding : bindings) {
            lines.add(binding.entry().principal() + " " + binding.entry().operation() + " "
                    + binding.pattern().resourceType().toString().toLowerCase(Locale.ROOT) + ":" + binding.pattern().name()
                    + " (" + binding.pattern().patternType().toString().toLowerCase(Locale.ROOT) + ")");
        }
        return lines;
    }
}
