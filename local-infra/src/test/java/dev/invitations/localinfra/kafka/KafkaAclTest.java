package dev.invitations.localinfra.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local broker's logins and ACLs, against the real broker: each service reaches only its own topics and group,
 * the operator reads but does not write, and a client without a valid login is refused.
 */
class KafkaAclTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Endpoints endpoints;

    @BeforeAll
    static void startInfrastructure() {
        endpoints = LocalInfrastructureTestResource.endpoints();
    }

    @Test
    void eachServiceGetsItsOwnLoginAndTheTestsTheSuperUser() {
        assertEquals("SASL_PLAINTEXT", endpoints.quarkusConfig().get("kafka.security.protocol"));
        assertEquals("SCRAM-SHA-512", endpoints.quarkusConfig().get("kafka.sasl.mechanism"));
        assertTrue(endpoints.quarkusConfig().get("kafka.sasl.jaas.config").contains("username=\"admin\""));
        for (String service : KafkaCredentials.SERVICES) {
            String jaas = endpoints.environment(service).get("KAFKA_SASL_JAAS_CONFIG");
            assertTrue(jaas.contains("username=\"" + service + "\""), jaas);
        }
    }

    @Test
    void theProducerAndTheConsumersOfATopicReachIt() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer("invitation-service")) {
            producer.send(new ProducerRecord<>(KafkaAcls.INVITATIONS_REDEEMED, key, "redeemed"))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals("redeemed", awaitRecord("redemption-service", "redemption-service", KafkaAcls.INVITATIONS_REDEEMED, key));
        assertEquals("redeemed", awaitRecord(KafkaCredentials.OPERATOR, "operator-acl-test", KafkaAcls.INVITATIONS_REDEEMED, key));
    }

    @Test
    void aServiceCannotReadAnotherServicesTopic() {
        assertThrows(TopicAuthorizationException.class,
                () -> awaitRecord("redemption-service", "redemption-service", KafkaAcls.INVITATIONS_SENT, "none"));
        assertThrows(TopicAuthorizationException.class,
                () -> awaitRecord("workflow-service", "workflow-service", KafkaAcls.EMAIL_DELIVERED, "none"));
    }

    @Test
    void aServiceCannotUseAnotherServicesConsumerGroup() {
        assertThrows(GroupAuthorizationException.class,
                () -> awaitRecord("redemption-service", "workflow-service", KafkaAcls.INVITATIONS_REDEEMED, "none"));
    }

    @Test
    void aServiceCannotWriteAnotherServicesTopic() {
        assertRefusedToWrite("notification-service", KafkaAcls.INVITATIONS_REDEEMED);
        assertRefusedToWrite("redemption-service", KafkaAcls.INVITATIONS_REDEEMED);
        assertRefusedToWrite("workflow-service", KafkaAcls.INVITATIONS_SENT);
        assertRefusedToWrite("notification-service", KafkaAcls.DEAD_LETTER_PREFIX + "invitation-service");
    }

    @Test
    void theOperatorWritesNoEventTopic() {
        assertRefusedToWrite(KafkaCredentials.OPERATOR, KafkaAcls.INVITATIONS_REDEEMED);
        assertRefusedToWrite(KafkaCredentials.OPERATOR, KafkaAcls.INVITATIONS_SENT);
        assertRefusedToWrite(KafkaCredentials.OPERATOR, KafkaAcls.COMMAND_RESULTS);
    }

    @Test
    void onlyTheOperatorWritesCommandsAndOnlyInvitationServiceReadsThemAndAnswers() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer(KafkaCredentials.OPERATOR)) {
            producer.send(new ProducerRecord<>(KafkaAcls.COMMANDS, key, "command")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals("command", awaitRecord("invitation-service", "invitation-service", KafkaAcls.COMMANDS, key));
        assertRefusedToWrite("notification-service", KafkaAcls.COMMANDS);
        assertThrows(TopicAuthorizationException.class,
                () -> awaitRecord("notification-service", "notification-service", KafkaAcls.COMMANDS, "none"));

        try (KafkaProducer<String, String> producer = producer("invitation-service")) {
            producer.send(new ProducerRecord<>(KafkaAcls.COMMAND_RESULTS, key, "accepted")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals("accepted", awaitRecord(KafkaCredentials.OPERATOR, "operator-results", KafkaAcls.COMMAND_RESULTS, key));
    }

    @Test
    void theRedriveLoginReadsDeadLettersAndWritesOnlyTheConsumedTopicsBack() throws Exception {
        String key = UUID.randomUUID().toString();
        String deadLetters = KafkaAcls.DEAD_LETTER_PREFIX + "workflow-service";
        try (KafkaProducer<String, String> producer = producer("workflow-service")) {
            producer.send(new ProducerRecord<>(deadLetters, key, "dead")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals("dead", awaitRecord(KafkaCredentials.REDRIVE, "redrive-acl-test", deadLetters, key));
        try (KafkaProducer<String, String> producer = producer(KafkaCredentials.REDRIVE)) {
            producer.send(new ProducerRecord<>(KafkaAcls.INVITATIONS_REDEEMED, key, "redriven")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertRefusedToWrite(KafkaCredentials.REDRIVE, KafkaAcls.ACCESS_GRANTED);
        assertRefusedToWrite(KafkaCredentials.REDRIVE, deadLetters);
        assertThrows(TopicAuthorizationException.class,
                () -> awaitRecord(KafkaCredentials.REDRIVE, "redrive-acl-test", KafkaAcls.INVITATIONS_REDEEMED, "none"));
        assertThrows(GroupAuthorizationException.class,
                () -> awaitRecord(KafkaCredentials.REDRIVE, "workflow-service", deadLetters, "none"));
    }

    @Test
    void aClientWithoutALoginIsRefused() {
        Map<String, Object> anonymous = new HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        try (Admin admin = Admin.create(anonymous)) {
            assertThrows(Exception.class, () -> admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        Map<String, Object> wrongPassword = new HashMap<>(endpoints.kafkaClientConfig(KafkaCredentials.ADMIN));
        wrongPassword.put("sasl.jaas.config", KafkaCredentials.jaasConfig(KafkaCredentials.ADMIN, "not-the-password"));
        wrongPassword.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(wrongPassword)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        }
    }

    private static void assertRefusedToWrite(String user, String topic) {
        try (KafkaProducer<String, String> producer = producer(user)) {
            Exception refused = assertThrows(Exception.class, () -> producer
                    .send(new ProducerRecord<>(topic, "key", "forged")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            Throwable cause = refused instanceof ExecutionException ? refused.getCause() : refused;
            // A login that may write no topic at all (the operator) is first refused the idempotent producer's id; when
            // that refusal lands before the send, the send fails with a KafkaException whose cause it is.
            if (!(cause instanceof AuthorizationException) && cause.getCause() instanceof AuthorizationException) {
                cause = cause.getCause();
            }
            assertInstanceOf(AuthorizationException.class, cause, user + " writing " + topic + ": " + refused);
        }
    }

    private static KafkaProducer<String, String> producer(String user) {
        Map<String, Object> config = new HashMap<>(endpoints.kafkaClientConfig(user));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        return new KafkaProducer<>(config);
    }

    /** Polls {@code topic} as {@code user} in {@code group} until the record with {@code key} arrives; its value. */
    private static String awaitRecord(String user, String group, String topic, String key) {
        Map<String, Object> config = new HashMap<>(endpoints.kafkaClientConfig(user));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("No record " + key + " on " + topic + " within " + TIMEOUT);
    }
}
