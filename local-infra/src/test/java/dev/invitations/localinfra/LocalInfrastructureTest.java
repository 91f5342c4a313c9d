package dev.invitations.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.localinfra.mail.MailReceipt;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.localinfra.mail.ReceivedMail;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the infrastructure the way a service's tests do (the test resource, hence a child JVM) and proves each
 * server with a real client.
 */
class LocalInfrastructureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Endpoints endpoints;

    @BeforeAll
    static void startInfrastructure() {
        Map<String, String> quarkusConfig = new LocalInfrastructureTestResource().start();
        endpoints = LocalInfrastructureTestResource.endpoints();
        assertEquals(endpoints.quarkusConfig(), quarkusConfig);
    }

    @Test
    void postgresqlAcceptsThePortalUserOverTcp() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                endpoints.jdbcUrl(), endpoints.dbUsername(), endpoints.dbPassword());
             ResultSet result = connection.createStatement().executeQuery(
                     "select current_database(), current_user, inet_server_addr()::text, 6 * 7")) {
            assertTrue(result.next());
            assertEquals("portal", result.getString(1));
            assertEquals("portal", result.getString(2));
            assertEquals("127.0.0.1/32", result.getString(3));
            assertEquals(42, result.getInt(4));
        }
    }

    /** A service's own login owns its schema and nothing else: it cannot create in, or read, another service's. */
    @Test
    void eachServiceLogsInAsARoleThatReachesOnlyItsOwnSchema() throws Exception {
        Map<String, String> invitation = endpoints.quarkusConfig("invitation-service");
        Map<String, String> redemption = endpoints.quarkusConfig("redemption-service");
        assertEquals("invitation_service", invitation.get("quarkus.datasource.username"));
        assertEquals("redemption_service", redemption.get("quarkus.datasource.username"));
        String table = "isolation_probe_" + Long.toHexString(System.nanoTime());
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(),
                invitation.get("quarkus.datasource.username"), invitation.get("quarkus.datasource.password"));
             Statement statement = connection.createStatement()) {
            statement.execute("create table invitation." + table + " (id int)");
            statement.execute("insert into invitation." + table + " values (1)");
            for (String elsewhere : List.of("redemption", "notification", "workflow", "public")) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> statement.execute("create table " + elsewhere + "." + table + " (id int)"));
                assertTrue(refused.getMessage().contains("permission denied for schema " + elsewhere), refused.getMessage());
            }
        }
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(),
                redemption.get("quarkus.datasource.username"), redemption.get("quarkus.datasource.password"));
             Statement statement = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.executeQuery("select * from invitation." + table));
            assertTrue(refused.getMessage().contains("permission denied for schema invitation"), refused.getMessage());
        }
    }

    @Test
    void kafkaCreatesTopicsWithThreePartitionsAndDeliversRecords() throws Exception {
        String topic = "local-infra-round-trip";
        Map<String, Object> producerConfig = new HashMap<>(endpoints.kafkaClientConfig(KafkaCredentials.ADMIN));
        producerConfig.putAll(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "invitation-1", "hello")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        Map<String, Object> consumerConfig = new HashMap<>(endpoints.kafkaClientConfig(KafkaCredentials.ADMIN));
        consumerConfig.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "local-infra-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertEquals(1, received.size(), "records received within " + TIMEOUT);
        assertEquals("invitation-1", received.get(0).key());
        assertEquals("hello", received.get(0).value());

        try (Admin admin = Admin.create(endpoints.kafkaClientConfig(KafkaCredentials.ADMIN))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic).partitions().size();
            assertEquals(3, partitions);
        }
    }

    @Test
    void smtpMailCanBeReadOverImapAndTheHttpInbox() throws Exception {
        Mailbox mailbox = Mailbox.of(endpoints);
        mailbox.purge();
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", endpoints.smtpHost());
        smtp.put("mail.smtp.port", Integer.toString(endpoints.smtpPort()));
        smtp.put("mail.smtp.connectiontimeout", "10000");
        smtp.put("mail.smtp.timeout", "10000");
        MimeMessage message = new MimeMessage(Session.getInstance(smtp));
        message.setFrom(new InternetAddress("noreply@portal.test", "Portal <Team>"));
        message.setRecipients(Message.RecipientType.TO, "ada@example.com");
        message.setRecipients(Message.RecipientType.CC, "bob@example.com");
        message.setRecipients(Message.RecipientType.BCC, "carol@example.com");
        message.setSubject("Your invitation <b>ABC-123</b>");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Your code is ABC-123", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Your code is <b>ABC-123</b></p>", "text/html; charset=UTF-8");
        message.setContent(new MimeMultipart("alternative", text, html));
        Transport.send(message);

        ReceivedMail received = mailbox.awaitMessagesTo("carol@example.com", 1, TIMEOUT).get(0);
        assertEquals(List.of("ada@example.com"), received.to());
        assertEquals(List.of("bob@example.com"), received.cc());
        assertEquals(List.of("carol@example.com"), received.bcc());
        assertEquals("\"Portal <Team>\" <noreply@portal.test>", received.from());
        assertEquals("Your invitation <b>ABC-123</b>", received.subject());
        assertTrue(received.text().contains("Your code is ABC-123"), received.text());
        assertTrue(received.html().contains("<b>ABC-123</b>"), received.html());
        assertEquals(1, mailbox.messagesTo("ADA@example.com").size(), "recipient match ignores case");
        assertEquals(List.of(), mailbox.messagesTo("nobody@example.com"));

        Properties imap = new Properties();
        imap.put("mail.imap.connectiontimeout", "10000");
        imap.put("mail.imap.timeout", "10000");
        Store store = Session.getInstance(imap).getStore("imap");
        store.connect(endpoints.smtpHost(), endpoints.imapPort(), "ada@example.com", "any password");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(1, inbox.getMessageCount());
            assertEquals("Your invitation <b>ABC-123</b>", inbox.getMessage(1).getSubject());
            inbox.close(false);
        } finally {
            store.close();
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        String page = http.send(HttpRequest.newBuilder(endpoints.mailboxHttpUrl()).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("Your invitation &lt;b&gt;ABC-123&lt;/b&gt;"), page);
        assertFalse(page.contains("<b>ABC-123</b>"), "mail content reaches the page only escaped");

        mailbox.purge();
        assertEquals(List.of(), mailbox.messages());
    }

    @Test
    void drainAnswersEachMailToADomainOnceAndLeavesOtherDomainsAlone() throws Exception {
        Mailbox mailbox = Mailbox.of(endpoints);
        sendPlainMail("first", "ada@drain.test", "bob@drain.test", "carol@keep.test");
        mailbox.awaitMessagesTo("bob@drain.test", 1, TIMEOUT);

        List<MailReceipt> drained = mailbox.drain("DRAIN.test");
        assertEquals(List.of("ada@drain.test", "bob@drain.test"),
                drained.stream().map(MailReceipt::recipient).sorted().toList());
        assertEquals(1, drained.stream().map(MailReceipt::messageId).distinct().count(), "two copies of one mail");
        assertEquals(List.of(), mailbox.drain("drain.test"), "drained mail is gone");
        assertEquals(1, mailbox.messagesTo("carol@keep.test").size(), "another domain's mail stays");

        sendPlainMail("second", "ada@drain.test");
        mailbox.awaitMessagesTo("ada@drain.test", 1, TIMEOUT);
        assertEquals(List.of("ada@drain.test"), mailbox.drain("drain.test").stream().map(MailReceipt::recipient).toList());
    }

    private static void sendPlainMail(String subject, String... recipients) throws Exception {
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", endpoints.smtpHost());
        smtp.put("mail.smtp.port", Integer.toString(endpoints.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(smtp));
        message.setFrom(new InternetAddress("noreply@portal.test"));
        message.setRecipients(Message.RecipientType.TO, String.join(",", recipients));
        message.setSubject(subject);
        message.setText(subject, "UTF-8");
        Transport.send(message);
    }

    @Test
    void serversNamedByTheEnvironmentAreReusedInsteadOfStarted() throws Exception {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers(),
                "QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl() + "?sslmode=disable",
                "QUARKUS_DATASOURCE_USERNAME", "portal",
                "QUARKUS_DATASOURCE_PASSWORD", "portal");
        try (LocalInfrastructure infrastructure = new LocalInfrastructure(
                Path.of("target", "local-infra-reuse"), environment)) {
            Endpoints reused = infrastructure.start();
            assertEquals(endpoints.kafkaBootstrapServers(), reused.kafkaBootstrapServers());
            assertEquals(endpoints.jdbcUrl() + "?sslmode=disable", reused.jdbcUrl());
            assertEquals(endpoints.reactiveUrl(), reused.reactiveUrl());
            assertFalse(Files.exists(Path.of("target", "local-infra-reuse", "postgres")));
            assertFalse(Files.exists(Path.of("target", "local-infra-reuse", "kafka")));
        }
    }

    @Test
    void environmentNamesFollowMicroProfileConfig() {
        Map<String, String> environment = endpoints.environment();
        assertEquals(endpoints.kafkaBootstrapServers(), environment.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("DISABLED", environment.get("QUARKUS_MAILER_START_TLS"));
        assertEquals("false", environment.get("QUARKUS_DEVSERVICES_ENABLED"));
        assertEquals(endpoints.quarkusConfig().size(), environment.size());
    }

    @Test
    void reactiveUrlIsDerivedFromTheJdbcUrl() {
        assertEquals("postgresql://db.local:5433/portal",
                LocalInfrastructure.reactiveUrlOf("jdbc:postgresql://db.local:5433/portal?ssl=false"));
        assertEquals("postgresql://localhost:5432/portal", LocalInfrastructure.reactiveUrlOf("jdbc:postgresql:portal"));
    }
}
