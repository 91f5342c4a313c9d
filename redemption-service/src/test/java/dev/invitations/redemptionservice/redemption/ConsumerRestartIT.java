package dev.invitations.redemptionservice.redemption;

import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.Endpoints;
import dev.invitations.localinfra.LocalInfrastructureProcess;
import dev.invitations.testsupport.TestIdentityProvider;
import dev.invitations.testsupport.TestKafka;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real crash: the packaged service runs as its own process against the real servers, is killed with SIGKILL while it
 * works through 1,000 redemptions, and is started again. Run by maven-failsafe after {@code package}.
 */
class ConsumerRestartIT {

    private static final int REDEMPTIONS = 1_000;
    private static final int INVITATIONS = 4;
    private static final Path TARGET = Path.of(System.getProperty("project.build.directory", "target"));
    private static final Duration START_DEADLINE = Duration.ofMinutes(2);
    /** As system properties: an environment variable cannot name a channel with a dash in it unambiguously. */
    private static final String CHANNEL = "mp.messaging.incoming.invitations-redeemed.";

    private static LocalInfrastructureProcess infrastructure;
    private static KafkaCompanion kafka;

    @BeforeAll
    static void startInfrastructure() throws IOException {
        Path baseDirectory = TARGET.resolve("local-infra-it").toAbsolutePath();
        infrastructure = LocalInfrastructureProcess.start(baseDirectory, baseDirectory.resolve("local-infra.log"), Duration.ofMinutes(3));
        kafka = TestKafka.companion(infrastructure.endpoints().quarkusConfig());
    }

    @AfterAll
    static void stopInfrastructure() {
        if (kafka != null) {
            kafka.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Test
    void consumerKilledInTheMiddleOfThousandRedemptionsEndsWithExactlyThousandActivities() throws Exception {
        int port = freePort();
        Process service = startService(port, "first-run");
        List<UUID> invitations = new ArrayList<>();
        Map<UUID, List<UUID>> contactsByInvitation = new HashMap<>();
        List<UUID> roles;
        try {
            awaitReady(port);
            UUID account = createAccount(port);
            roles = List.of(createWebRole(port, "Restart A"), createWebRole(port, "Restart B"));
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < INVITATIONS; i++) {
                invitations.add(UUID.randomUUID());
            }
            for (int i = 0; i < REDEMPTIONS; i++) {
                UUID invitation = invitations.get(i % INVITATIONS);
                UUID contact = UUID.randomUUID();
                contactsByInvitation.computeIfAbsent(invitation, id -> new ArrayList<>()).add(contact);
                records.add(record(invitation, contact, account, roles));
            }

            kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10)).until(() -> activities(port, invitations) > 0);
        } finally {
            service.destroyForcibly().waitFor();
        }
        int beforeCrash = activitiesInDatabase();
        System.out.printf("[figure] killed the consumer with %d of %d activities recorded%n", beforeCrash, REDEMPTIONS);
        assertThat("the kill must land in the middle of the 1,000 redemptions", beforeCrash, lessThan(REDEMPTIONS));

        int secondPort = freePort();
        Process restarted = startService(secondPort, "second-run");
        try {
            awaitReady(secondPort);
            await().atMost(Duration.ofMinutes(2)).until(() -> activities(secondPort, invitations) >= REDEMPTIONS);
            await().atMost(Duration.ofMinutes(1)).until(ConsumerRestartIT::everyRedemptionCommitted);

            assertThat(activities(secondPort, invitations), equalTo(REDEMPTIONS));
            for (Map.Entry<UUID, List<UUID>> invitation : contactsByInvitation.entrySet()) {
                for (UUID contact : invitation.getValue()) {
                    asStaff().port(secondPort).get("/contacts/{id}/access", contact)
                            .then().statusCode(200)
                            .body("webRoles.id", containsInAnyOrder(roles.get(0).toString(), roles.get(1).toString()));
                    asStaff().port(secondPort).queryParam("contactId", contact).get("/redemption-activities")
                            .then().body("total", equalTo(1));
                }
            }
            System.out.printf("[figure] after the restart: %s redelivered redemptions skipped by event id%n",
                    metric(secondPort, "redemptions_duplicates_total"));
        } finally {
            restarted.destroy();
            restarted.waitFor();
        }
    }

    private static Process startService(int port, String run) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
                // Small polls make many batches, so that the kill lands between two commits, not after the last one.
                "-D" + CHANNEL + "max.poll.records=25",
                // The killed consumer never leaves its group; the broker hands its partitions on after this long.
                "-D" + CHANNEL + "session.timeout.ms=10000"));
        // The service trusts this test JVM's tokens (TestTokens) instead of asking an identity provider: with the
        // production profile's identity provider address emptied, it verifies them with the public key alone.
        command.add("-D%prod.quarkus.oidc.auth-server-url=");
        new TestIdentityProvider().start().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", TARGET.resolve("quarkus-app").resolve("quarkus-run.jar").toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(TARGET.resolve("restart-it-" + run + ".log").toFile());
        builder.environment().putAll(infrastructure.endpoints().environment());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_OTEL_SDK_DISABLED", "true");
        return builder.start();
    }

    private static void awaitReady(int port) {
        await().atMost(START_DEADLINE).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
    }

    private static int activities(int port, List<UUID> invitations) {
        int total = 0;
        for (UUID invitation : invitations) {
            total += asStaff().port(port).queryParam("invitationId", invitation).queryParam("size", 1)
                    .get("/redemption-activities")
                    .then().statusCode(200)
                    .extract().<Integer>path("total");
        }
        return total;
    }

    private static String metric(int port, String name) {
        return given().port(port).get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst().orElse("no");
    }

    /** The consumer group's committed offsets reached the end of every partition: nothing is left to redeliver. */
    private static boolean everyRedemptionCommitted() {
        List<TopicPartition> partitions = kafka.topics().describe(Topics.INVITATION_REDEEMED).get(Topics.INVITATION_REDEEMED)
                .partitions().stream()
                .map(partition -> new TopicPartition(Topics.INVITATION_REDEEMED, partition.partition()))
                .toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafka.offsets().list(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.consumerGroups().offsets("redemption-service");
        // A partition no redemption landed on has nothing committed, and nothing to commit.
        return ends.entrySet().stream().allMatch(end -> end.getValue().offset()
                == (committed.containsKey(end.getKey()) ? committed.get(end.getKey()).offset() : 0L));
    }

    private static UUID createAccount(int port) {
        return UUID.fromString(asStaff().port(port).contentType(ContentType.JSON).body(Map.of("name", "Restart Holdings"))
                .post("/accounts").then().statusCode(201).extract().path("id"));
    }

    private static UUID createWebRole(int port, String name) {
        return UUID.fromString(asStaff().port(port).contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/web-roles").then().statusCode(201).extract().path("id"));
    }

    private static ProducerRecord<String, String> record(UUID invitation, UUID contact, UUID account, List<UUID> roles)
            throws IOException {
        InvitationRedeemed event = new InvitationRedeemed(UUID.randomUUID(), invitation, "Restart drill", InvitationType.GROUP,
                new InvitationRedeemed.RedeemingContact(contact, "Grace Hopper", "grace@example.test"), account, roles, null,
                1, REDEMPTIONS, Instant.now().truncatedTo(ChronoUnit.MICROS));
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, event.eventId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventTypes.INVITATION_REDEEMED.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.INVITATION_REDEEMED, null, invitation.toString(),
                EventJson.mapper().writeValueAsString(event), headers);
    }

    /** The service is dead at this point, so its table is read directly: only to check the kill came mid-way. */
    private static int activitiesInDatabase() throws SQLException {
        Endpoints endpoints = infrastructure.endpoints();
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUsername(), endpoints.dbPassword());
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("select count(*) from redemption.redemption_activity")) {
            count.next();
            return count.getInt(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
