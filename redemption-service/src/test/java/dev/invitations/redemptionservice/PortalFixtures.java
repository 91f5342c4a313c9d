package dev.invitations.redemptionservice;

import static dev.invitations.testsupport.TestTokens.asStaff;

import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.TestKafka;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the tests do as the other parts of the system would: invitation-service publishing InvitationRedeemed (with
 * the CloudEvents headers its outbox relay sets), and an operator creating accounts and web roles over HTTP.
 */
public final class PortalFixtures {

    private static KafkaCompanion kafka;

    public static synchronized KafkaCompanion kafka() {
        if (kafka == null) {
            kafka = TestKafka.companion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return kafka;
    }

    public static InvitationRedeemed redemption(UUID invitationId, UUID contactId, UUID accountId, List<UUID> webRoleIds) {
        return new InvitationRedeemed(UUID.randomUUID(), invitationId, "Partners 2026", InvitationType.GROUP,
                new InvitationRedeemed.RedeemingContact(contactId, "Ada Lovelace", "ada@example.test"),
                accountId, webRoleIds, null, 1, 100, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    public static void publish(InvitationRedeemed... events) {
        publish(List.of(events));
    }

    public static void publish(Collection<InvitationRedeemed> events) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (InvitationRedeemed event : events) {
            records.add(record(event));
        }
        kafka().produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(30));
    }

    public static ProducerRecord<String, String> record(InvitationRedeemed event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, bytes(event.eventId().toString()));
        headers.add(CloudEventHeaders.TYPE, bytes(EventTypes.INVITATION_REDEEMED));
        headers.add(CloudEventHeaders.SOURCE, bytes("/invitation-service"));
        headers.add(CloudEventHeaders.TIME, bytes(event.redeemedAt().toString()));
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_VALUE));
        headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
        return new ProducerRecord<>(Topics.INVITATION_REDEEMED, null, event.invitationId().toString(), json(event), headers);
    }

    public static void publishRaw(String key, String value) {
        kafka().produceStrings().fromRecords(new ProducerRecord<>(Topics.INVITATION_REDEEMED, key, value))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    public static String json(Object event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static UUID createAccount(String name) {
        return UUID.fromString(asStaff().contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/accounts")
                .then().statusCode(201)
                .extract().path("id"));
    }

    /** Web role names are unique across the whole test run's database, hence the suffix. */
    public static UUID createWebRole(String name) {
        return UUID.fromString(asStaff().contentType(ContentType.JSON).body(Map.of("name", unique(name)))
                .post("/web-roles")
                .then().statusCode(201)
                .extract().path("id"));
    }

    public static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private PortalFixtures() {
    }
}
