package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.contact;
import static dev.invitations.invitationservice.Api.createContact;
import static dev.invitations.invitationservice.Api.extend;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.inSeconds;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.invitationservice.Api.uniqueEmail;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.CommandResult.Outcome;
import dev.invitations.contract.CommandResult;
import dev.invitations.contract.CommandTypes;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.OwnerServicesDouble.Ids;
import dev.invitations.invitationservice.command.Command;
import dev.invitations.invitationservice.command.CommandService;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.kafka.KafkaCredentials;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands written to invitations.commands as an operator writes them (the broker's {@code operator} login, which may
 * write nothing else), answered on invitations.command-results: applied once per ce_id, refused with the HTTP API's
 * problem documents.
 */
@QuarkusTest
@WithKafkaCompanion
class CommandsTest {

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    /** The consumer's backoff reaches 30 s while it waits; the first attempt after the outage may come that late. */
    private static final Duration AFTER_AN_OUTAGE = Duration.ofSeconds(90);

    @Inject
    CommandService commands;

    KafkaCompanion kafka;
    KafkaProducer<String, String> operator;

    @BeforeEach
    void connect() {
        Map<String, Object> config = new HashMap<>(LocalInfrastructureTestResource.endpoints().kafkaClientConfig(KafkaCredentials.OPERATOR));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        operator = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void disconnect() {
        operator.close();
    }

    @AfterEach
    void forgetOwnerFailures() {
        OwnerServicesDouble.forgetOwnerFailures();
    }

    @Test
    void createInvitationIsAppliedOnceAndTheSameCommandAgainGetsTheSameAnswer() throws Exception {
        UUID contact = newContact("Cora Command");
        Map<String, Object> body = singleInvitation(contact);
        String id = commandId();
        try (TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(id))) {
            write(id, CommandTypes.CREATE_INVITATION, JSON.writeValueAsString(body));
            CommandResult first = read(answers.atLeast(1).get(0));
            assertEquals(Outcome.ACCEPTED, first.outcome());
            assertEquals(id, first.commandId());
            assertEquals(CommandTypes.CREATE_INVITATION, first.commandType());
            assertNull(first.problem());
            assertFalse(first.body().has("code"), "the code never goes on a topic");
            UUID invitation = UUID.fromString(first.body().get("id").asText());
            getInvitation(invitation).statusCode(200).body("name", equalTo(body.get("name")));

            write(id, CommandTypes.CREATE_INVITATION, JSON.writeValueAsString(body));
            List<ConsumerRecord<String, String>> both = answers.exactly(2);
            assertEquals(both.get(0).value(), both.get(1).value(), "the first answer, again");
            assertEquals(EventTypes.COMMAND_RESULT, KafkaCompanion.getHeader(both.get(1).headers(), CloudEventHeaders.TYPE));
        }
        asStaff().queryParam("contactId", contact).get("/invitations").then().body("total", equalTo(1));
    }

    @Test
    void sendInvitationsSendsOneOrSeveral() throws Exception {
        UUID one = newInvitation(singleInvitation(newContact("Sol One"))).id();
        UUID two = newInvitation(singleInvitation(newContact("Sia Two"))).id();
        UUID three = newInvitation(singleInvitation(newContact("Sue Three"))).id();
        String single = commandId();
        String several = commandId();
        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, Set.of(one.toString(), two.toString(), three.toString()));
                TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(single, several))) {
            write(single, CommandTypes.SEND_INVITATIONS, "{\"invitationId\":\"" + one + "\"}");
            write(several, CommandTypes.SEND_INVITATIONS, "{\"invitationIds\":[\"" + two + "\",\"" + three + "\"]}");
            Map<String, CommandResult> results = byId(answers.exactly(2));

            JsonNode receipt = accepted(results.get(single));
            assertEquals(one.toString(), receipt.get("invitationId").asText());
            assertEquals(1, receipt.get("recipients").asInt());
            JsonNode bulk = accepted(results.get(several));
            assertEquals(2, bulk.get("accepted").asInt());
            assertEquals(0, bulk.get("rejected").size());
            assertEquals(3, sent.exactly(3).size());
        }
    }

    @Test
    void revokeInvitationRevokes() throws Exception {
        UUID invitation = newInvitation(singleInvitation(newContact("Ray Revoke"))).id();
        String id = commandId();
        try (TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(id))) {
            write(id, CommandTypes.REVOKE_INVITATION, "{\"invitationId\":\"" + invitation + "\"}");
            assertEquals("REVOKED", accepted(read(answers.atLeast(1).get(0))).get("status").asText());
        }
        getInvitation(invitation).body("status", equalTo("REVOKED"));
    }

    @Test
    void expiredInvitationExtendedByCommandIsSentAgain() throws Exception {
        Map<String, Object> body = singleInvitation(newContact("Eve Expired"));
        body.put("expiresAt", inSeconds(3600));
        UUID invitation = newInvitation(body).id();
        InvitationExpiryTest.expireNow(invitation);
        String tooLate = commandId();
        String extension = commandId();
        String sendAgain = commandId();
        String newExpiry = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS).toString();
        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, invitation);
                TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(tooLate, extension, sendAgain))) {
            write(tooLate, CommandTypes.SEND_INVITATIONS, "{\"invitationId\":\"" + invitation + "\"}");
            write(extension, CommandTypes.EXTEND_INVITATION, "{\"invitationId\":\"" + invitation + "\",\"expiresAt\":\"" + newExpiry + "\"}");
            write(sendAgain, CommandTypes.SEND_INVITATIONS, "{\"invitationId\":\"" + invitation + "\"}");
            Map<String, CommandResult> results = byId(answers.exactly(3));

            assertEquals(410, rejected(results.get(tooLate)).status());
            assertEquals(newExpiry, accepted(results.get(extension)).get("expiresAt").asText());
            assertEquals(1, accepted(results.get(sendAgain)).get("recipients").asInt());
            sent.exactly(1);
        }
    }

    @Test
    void createContactCreatesIt() throws Exception {
        String email = uniqueEmail("carl.contact");
        String id = commandId();
        try (TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(id))) {
            write(id, CommandTypes.CREATE_CONTACT, JSON.writeValueAsString(contact("Carl Contact", email)));
            JsonNode created = accepted(read(answers.atLeast(1).get(0)));
            asStaff().get("/contacts/{id}", created.get("id").asText()).then().statusCode(200).body("emailAddress1", equalTo(email));
        }
    }

    @Test
    void malformedAndRefusedCommandsAreAnsweredWithTheHttpApisProblemAndChangeNothing() throws Exception {
        UUID contact = newContact("Rae Refusals");
        UUID revoked = newInvitation(singleInvitation(contact)).id();
        Api.revoke(revoked).statusCode(200);
        String invalidEmail = "not-an-address";
        Map<String, Object> withUnknownContact = singleInvitation(UUID.randomUUID());
        withUnknownContact.put("name", "never stored " + UUID.randomUUID());
        UUID unknownInvitation = UUID.randomUUID();
        String expiresAt = inSeconds(3600);

        Map<String, String[]> commandsById = new HashMap<>();
        commandsById.put(commandId(), new String[] {CommandTypes.CREATE_CONTACT, "{\"fullName\": \"Unfinished"});
        commandsById.put(commandId(), new String[] {"dev.invitations.command.LaunchRocket", "{}"});
        commandsById.put(commandId(), new String[] {null, "{}"});
        commandsById.put(commandId(), new String[] {CommandTypes.CREATE_CONTACT, JSON.writeValueAsString(contact("Ivy Invalid", invalidEmail))});
        commandsById.put(commandId(), new String[] {CommandTypes.CREATE_INVITATION, JSON.writeValueAsString(withUnknownContact)});
        commandsById.put(commandId(), new String[] {CommandTypes.REVOKE_INVITATION, "{\"invitationId\":\"" + unknownInvitation + "\"}"});
        commandsById.put(commandId(), new String[] {CommandTypes.EXTEND_INVITATION, "{\"invitationId\":\"" + revoked + "\",\"expiresAt\":\"" + expiresAt + "\"}"});
        commandsById.put(commandId(), new String[] {CommandTypes.SEND_INVITATIONS, "{}"});

        Map<String, CommandResult> results;
        try (TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, commandsById.keySet());
                TopicRecords deadLettered = TopicRecords.of(kafka, Topics.deadLetter("invitation-service"), commandsById.keySet())) {
            for (var command : commandsById.entrySet()) {
                write(command.getKey(), command.getValue()[0], command.getValue()[1]);
            }
            results = byId(answers.exactly(commandsById.size()));
            deadLettered.exactly(0);
        }
        for (CommandResult result : results.values()) {
            assertTrue(rejected(result).type().startsWith("urn:portal-invitations:problem:"), rejected(result).type());
        }

        CommandResult.CommandProblem unreadable = problemOf(results, commandsById, "{\"fullName\": \"Unfinished");
        assertEquals(400, unreadable.status());
        assertEquals("urn:portal-invitations:problem:invalid-request", unreadable.type());
        CommandResult.CommandProblem unknownType = problemOf(results, commandsById, "dev.invitations.command.LaunchRocket");
        assertEquals(List.of(new CommandResult.FieldError("ce_type", unknownType.errors().get(0).message())), unknownType.errors());
        CommandResult.CommandProblem noType = problemOfType(results, commandsById, null);
        assertEquals("ce_type", noType.errors().get(0).field());
        assertEquals(400, noType.status());

        CommandResult.CommandProblem invalid = problemOf(results, commandsById, invalidEmail);
        var http = createContact(contact("Ivy Invalid", invalidEmail)).statusCode(400).extract();
        assertEquals(http.path("errors[0].field"), invalid.errors().get(0).field());
        assertEquals("emailAddress1", invalid.errors().get(0).field());
        assertEquals((String) http.path("detail"), invalid.detail());
        asStaff().queryParam("email", invalidEmail).get("/contacts").then().body("total", equalTo(0));

        CommandResult.CommandProblem noSuchContact = problemOf(results, commandsById, (String) withUnknownContact.get("name"));
        assertEquals(400, noSuchContact.status());
        assertEquals("invitedContactIds[0]", noSuchContact.errors().get(0).field());

        CommandResult.CommandProblem notFound = problemOf(results, commandsById, unknownInvitation.toString());
        assertEquals(404, notFound.status());
        assertEquals((String) Api.revoke(unknownInvitation).statusCode(404).extract().path("detail"), notFound.detail());

        CommandResult.CommandProblem gone = problemOf(results, commandsById, revoked.toString());
        var httpGone = extend(revoked, expiresAt).statusCode(410).extract();
        assertEquals(410, gone.status());
        assertEquals("Gone", gone.title());
        assertEquals((String) httpGone.path("detail"), gone.detail());
        assertEquals("urn:portal-invitations:problem:invitation-revoked", gone.type());
        assertEquals((String) httpGone.path("type"), gone.type());
        getInvitation(revoked).body("expiresAt", equalTo(null));

        CommandResult.CommandProblem neither = problemOfType(results, commandsById, CommandTypes.SEND_INVITATIONS);
        assertEquals("invitationIds", neither.errors().get(0).field());
    }

    @Test
    void aCommandWithoutIdIsAnsweredUnderItsPositionAndNotApplied() throws Exception {
        String email = uniqueEmail("nora.noid");
        RecordMetadata written;
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.COMMANDS, null,
                JSON.writeValueAsString(contact("Nora No-Id", email)));
        record.headers().add(CloudEventHeaders.TYPE, CommandTypes.CREATE_CONTACT.getBytes(StandardCharsets.UTF_8));
        written = operator.send(record).get(10, TimeUnit.SECONDS);
        String position = Topics.COMMANDS + "-" + written.partition() + "@" + written.offset();
        try (TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(position))) {
            CommandResult answer = read(answers.exactly(1).get(0));
            assertNull(answer.commandId());
            assertEquals("ce_id", rejected(answer).errors().get(0).field());
        }
        asStaff().queryParam("email", email).get("/contacts").then().body("total", equalTo(0));
    }

    /** PostgreSQL stopped while a command arrives: the command waits, is applied once it is back, and is not dead-lettered. */
    @Test
    void aCommandArrivingWhileTheDatabaseIsDownIsAppliedWhenItIsBack() throws Exception {
        String email = uniqueEmail("olga.outage");
        String id = commandId();
        try (TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(id));
                TopicRecords deadLettered = TopicRecords.of(kafka, Topics.deadLetter("invitation-service"), Set.of(id))) {
            LocalInfrastructureTestResource.duringDatabaseOutage(() -> {
                write(id, CommandTypes.CREATE_CONTACT, JSON.writeValueAsString(contact("Olga Outage", email)));
                Thread.sleep(OUTAGE.toMillis());
            });
            JsonNode created = accepted(read(answers.atLeast(1, AFTER_AN_OUTAGE).get(0)));
            asStaff().get("/contacts/{id}", created.get("id").asText()).then().statusCode(200);
            answers.exactly(1);
            assertEquals(0, deadLettered.count());
        }
        asStaff().queryParam("email", email).get("/contacts").then().body("total", equalTo(1));
        await().atMost(AFTER_AN_OUTAGE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /**
     * redemption-service not answering is nobody's mistake in the command: it is refused 503 as over HTTP, nothing is
     * stored, and its id is not spent, so the operator can send the same command again once the owner is back.
     */
    @Test
    void aCommandRefusedWhileAnOwnerServiceIsDownIsNotRememberedAndCanBeSentAgain() throws Exception {
        UUID contact = newContact("Otto Owner-Down");
        Map<String, Object> body = singleInvitation(contact);
        body.put("assignToAccountId", Ids.down());
        String id = commandId();
        try (TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(id));
                TopicRecords deadLettered = TopicRecords.of(kafka, Topics.deadLetter("invitation-service"), Set.of(id))) {
            write(id, CommandTypes.CREATE_INVITATION, JSON.writeValueAsString(body));
            CommandResult.CommandProblem unavailable = rejected(read(answers.exactly(1).get(0)));
            assertEquals(503, unavailable.status());
            assertEquals("urn:portal-invitations:problem:unavailable", unavailable.type());
            assertTrue(unavailable.detail().contains("redemption-service"), unavailable.detail());
            asStaff().queryParam("contactId", contact).get("/invitations").then().body("total", equalTo(0));

            body.put("assignToAccountId", Ids.existing());
            write(id, CommandTypes.CREATE_INVITATION, JSON.writeValueAsString(body));
            List<ConsumerRecord<String, String>> both = answers.exactly(2);
            accepted(read(both.get(1)));
            assertEquals(0, deadLettered.count());
        }
        asStaff().queryParam("contactId", contact).get("/invitations").then().body("total", equalTo(1));
    }

    @Test
    void theSameCommandDeliveredTwiceAtOnceIsAppliedOnce() throws Exception {
        UUID contact = newContact("Connie Concurrent");
        Command command = new Command(commandId(), CommandTypes.CREATE_INVITATION, JSON.writeValueAsString(singleInvitation(contact)));
        ExecutorService deliveries = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<CommandResult> delivery = () -> {
                start.await();
                try {
                    return VertxContextSupport.subscribeAndAwait(() -> commands.handle(command));
                } catch (Throwable failure) {
                    throw new IllegalStateException(failure);
                }
            };
            Future<CommandResult> first = deliveries.submit(delivery);
            Future<CommandResult> second = deliveries.submit(delivery);
            start.countDown();
            CommandResult a = first.get(30, TimeUnit.SECONDS);
            CommandResult b = second.get(30, TimeUnit.SECONDS);
            assertEquals(Outcome.ACCEPTED, a.outcome());
            assertEquals(a, b, "both deliveries are answered with the one result");
        } finally {
            deliveries.shutdownNow();
        }
        asStaff().queryParam("contactId", contact).get("/invitations").then().body("total", equalTo(1));
        try (TopicRecords answers = TopicRecords.of(kafka, Topics.COMMAND_RESULTS, Set.of(command.id()))) {
            List<ConsumerRecord<String, String>> both = answers.exactly(2);
            assertEquals(both.get(0).value(), both.get(1).value());
        }
    }

    private static CommandResult.CommandProblem problemOf(Map<String, CommandResult> results, Map<String, String[]> commands,
            String partOfBodyOrType) {
        return results.entrySet().stream()
                .filter(e -> commands.get(e.getKey())[1].contains(partOfBodyOrType)
                        || partOfBodyOrType.equals(commands.get(e.getKey())[0]))
                .map(e -> rejected(e.getValue()))
                .findFirst().orElseThrow();
    }

    private static CommandResult.CommandProblem problemOfType(Map<String, CommandResult> results, Map<String, String[]> commands,
            String type) {
        return results.entrySet().stream()
                .filter(e -> java.util.Objects.equals(type, commands.get(e.getKey())[0]) && "{}".equals(commands.get(e.getKey())[1]))
                .map(e -> rejected(e.getValue()))
                .findFirst().orElseThrow();
    }

    private static String commandId() {
        return "test-" + UUID.randomUUID();
    }

    /** As an operator writes a command: CloudEvents binary mode, the id also as the record's key. */
    private void write(String id, String type, String body) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.COMMANDS, id, body);
        record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        if (type != null) {
            record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(CloudEventHeaders.SOURCE, "/tests".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE.getBytes(StandardCharsets.UTF_8));
        operator.send(record).get(10, TimeUnit.SECONDS);
    }

    private static CommandResult read(ConsumerRecord<String, String> record) throws Exception {
        CommandResult result = JSON.readValue(record.value(), CommandResult.class);
        assertNotNull(result.answeredAt());
        return result;
    }

    private static Map<String, CommandResult> byId(List<ConsumerRecord<String, String>> records) throws Exception {
        Map<String, CommandResult> results = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            results.put(record.key(), read(record));
        }
        return results;
    }

    private static JsonNode accepted(CommandResult result) {
        assertEquals(Outcome.ACCEPTED, result.outcome(), () -> "accepted, not " + result.problem());
        return result.body();
    }

    private static CommandResult.CommandProblem rejected(CommandResult result) {
        assertEquals(Outcome.REJECTED, result.outcome());
        assertNull(result.body());
        assertTrue(result.problem().status() >= 400);
        return result.problem();
    }
}
