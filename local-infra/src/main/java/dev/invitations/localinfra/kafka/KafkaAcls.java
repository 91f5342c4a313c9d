package dev.invitations.localinfra.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the local broker (docs/architecture.md, "How the services talk"): each service writes the topics
 * of its own events (through its outbox relay) and its dead-letter topic, reads the topics it consumes in its own
 * consumer group, and nothing else; {@value KafkaCredentials#OPERATOR} reads the event, command-result and
 * dead-letter topics in groups named {@code operator...} and writes the command topic (invitation-service applies
 * what it finds there); {@value KafkaCredentials#REDRIVE} reads the dead-letter topics and writes the topics
 * the services consume (where a re-drive puts dead-lettered records back), in groups named {@code redrive...}, and
 * reads no event topic. The topics are created here, before any service starts, so that no service needs
 * CREATE; {@value KafkaCredentials#ADMIN} is a super user and needs no ACL. The compose and Kubernetes brokers get the
 * same topics and ACLs from deploy/kafka/create-topics-and-acls.sh, which DeployedKafkaAclsTest holds to this class.
 */
final class KafkaAcls {

    static final String INVITATIONS_SENT = "invitations.sent";
    static final String INVITATIONS_REDEEMED = "invitations.redeemed";
    static final String EMAIL_DELIVERED = "invitations.email-delivered";
    static final String EMAIL_FAILED = "invitations.email-failed";
    static final String ACCESS_GRANTED = "contacts.access-granted";
    static final String INVITATIONS_CREATED = "invitations.created";
    static final String INVITATIONS_REVOKED = "invitations.revoked";
    static final String INVITATIONS_EXTENDED = "invitations.extended";
    static final String INVITATIONS_EXPIRED = "invitations.expired";
    static final String CONTACTS_ERASED = "contacts.erased";
    static final String COMMAND_RESULTS = "invitations.command-results";
    /** The topics operators read: every event, and the answers to their commands. */
    static final List<String> EVENT_TOPICS = List.of(
            INVITATIONS_SENT, INVITATIONS_REDEEMED, EMAIL_DELIVERED, EMAIL_FAILED, ACCESS_GRANTED,
            INVITATIONS_CREATED, INVITATIONS_REVOKED, INVITATIONS_EXTENDED, INVITATIONS_EXPIRED, CONTACTS_ERASED,
            COMMAND_RESULTS);
    /** The one topic operators write: commands to invitation-service. */
    static final String COMMANDS = "invitations.commands";
    static final String DEAD_LETTER_PREFIX = "dead-letter.";

    /** Each service's produced topics. */
    static final Map<String, List<String>> PRODUCES = Map.of(
            "invitation-service", List.of(INVITATIONS_SENT, INVITATIONS_REDEEMED, INVITATIONS_CREATED, INVITATIONS_REVOKED,
                    INVITATIONS_EXTENDED, INVITATIONS_EXPIRED, CONTACTS_ERASED, COMMAND_RESULTS),
            "notification-service", List.of(EMAIL_DELIVERED, EMAIL_FAILED),
            "redemption-service", List.of(ACCESS_GRANTED),
            "workflow-service", List.of());
    /** Each service's consumed topics, read in the consumer group named after the service. */
    static final Map<String, List<String>> CONSUMES = Map.of(
            "invitation-service", List.of(EMAIL_DELIVERED, EMAIL_FAILED, COMMANDS),
            "notification-service", List.of(INVITATIONS_SENT, CONTACTS_ERASED),
            "redemption-service", List.of(INVITATIONS_REDEEMED, CONTACTS_ERASED),
            "workflow-service", List.of(INVITATIONS_REDEEMED, CONTACTS_ERASED));

    static final int PARTITIONS = 3;
    private static final long TIMEOUT_SECONDS = 60;

    private KafkaAcls() {
    }

    static List<AclBinding> bindings() {
        List<AclBinding> bindings = new ArrayList<>();
        for (String service : KafkaCredentials.SERVICES) {
            String principal = "User:" + service;
            for (String topic : PRODUCES.get(service)) {
                allow(bindings, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
                allow(bindings, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.CREATE);
            }
            String deadLetter = DEAD_LETTER_PREFIX + service;
            allow(bindings, principal, ResourceType.TOPIC, deadLetter, PatternType.LITERAL, AclOperation.WRITE);
            allow(bindings, principal, ResourceType.TOPIC, deadLetter, PatternType.LITERAL, AclOperation.CREATE);
            for (String topic : CONSUMES.get(service)) {
                allow(bindings, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
            }
            allow(bindings, principal, ResourceType.GROUP, service, PatternType.LITERAL, AclOperation.READ);
        }
        String operator = "User:" + KafkaCredentials.OPERATOR;
        for (String topic : EVENT_TOPICS) {
            allow(bindings, operator, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
        }
        allow(bindings, operator, ResourceType.TOPIC, COMMANDS, PatternType.LITERAL, AclOperation.WRITE);
        allow(bindings, operator, ResourceType.TOPIC, DEAD_LETTER_PREFIX, PatternType.PREFIXED, AclOperation.READ);
        allow(bindings, operator, ResourceType.GROUP, KafkaCredentials.OPERATOR, PatternType.PREFIXED, AclOperation.READ);
        String redrive = "User:" + KafkaCredentials.REDRIVE;
        allow(bindings, redrive, ResourceType.TOPIC, DEAD_LETTER_PREFIX, PatternType.PREFIXED, AclOperation.READ);
        CONSUMES.values().stream().flatMap(List::stream).distinct().sorted().forEach(topic ->
                allow(bindings, redrive, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        allow(bindings, redrive, ResourceType.GROUP, KafkaCredentials.REDRIVE, PatternType.PREFIXED, AclOperation.READ);
        return bindings;
    }

    /** Every topic the broker has before any service starts: events, results, commands and dead letters. */
    static List<String> allTopics() {
        List<String> topics = new ArrayList<>(EVENT_TOPICS);
        topics.add(COMMANDS);
        KafkaCredentials.SERVICES.forEach(service -> topics.add(DEAD_LETTER_PREFIX + service));
        return topics;
    }

    private static void allow(List<AclBinding> bindings, String principal, ResourceType type, String name,
                              PatternType pattern, AclOperation operation) {
        bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
    }

    /** Creates the topics (unless they exist) and the ACLs, as the super user. */
    static void provision(String bootstrapServers, KafkaCredentials credentials) throws Exception {
        Map<String, Object> config = new HashMap<>(credentials.clientConfig(KafkaCredentials.ADMIN));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            List<NewTopic> topics = new ArrayList<>();
            allTopics().forEach(topic -> topics.add(new NewTopic(topic, PARTITIONS, (short) 1)));
            for (var created : admin.createTopics(topics).values().values()) {
                try {
                    created.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            admin.createAcls(bindings()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
