package dev.invitations.invitationservice;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invitations.commons.security.Roles;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.Topics;
import dev.invitations.testsupport.TestTokens;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The seed's "select many, send once" at the size the platform is built for: 10,000 invitations in one request.
 * The invitations are stored straight into the database (creating 10,000 through the API would measure creation, not
 * sending); the send and the events are observed as a user would: the HTTP answer and the records on the topic.
 */
@QuarkusTest
@WithKafkaCompanion
class BulkSendTest {

    private static final int INVITATIONS = 10_000;

    KafkaCompanion kafka;

    @TestHTTPResource("/invitations/send")
    URI sendUri;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void tenThousandInvitationsAreSentInOneRequest() throws Exception {
        List<UUID> ids = storeSingleInvitations(INVITATIONS);
        Set<String> keys = new HashSet<>();
        ids.forEach(id -> keys.add(id.toString()));

        HttpRequest request = HttpRequest.newBuilder(sendUri)
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.withRoles(Roles.INVITATIONS_OPERATOR))
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.mapper().writeValueAsString(Map.of("invitationIds", ids))))
                .build();

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, keys)) {
            long started = System.nanoTime();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            long onTopicWhenAnswered = sent.count();
            assertEquals(202, response.statusCode(), response.body());
            JsonNode result = EventJson.mapper().readTree(response.body());
            assertEquals(INVITATIONS, result.get("accepted").asInt());
            assertEquals(INVITATIONS, result.get("recipients").asInt());
            assertTrue(result.get("rejected").isEmpty());

            sent.atLeast(INVITATIONS);
            long published = System.nanoTime();
            assertEquals(INVITATIONS, sent.count());

            double requestSeconds = (answered - started) / 1e9;
            double publishedSeconds = (published - started) / 1e9;
            double drainSeconds = (published - answered) / 1e9;
            String figures = String.format("BULK SEND %d invitations: request answered in %.2f s (%.0f invitations/s); "
                    + "all %d InvitationSent records on the topic after %.2f s (%.0f events/s end to end); "
                    + "%d were on the topic when the request was answered, the relay published the other %d in %.2f s",
                    INVITATIONS, requestSeconds, INVITATIONS / requestSeconds, INVITATIONS, publishedSeconds,
                    INVITATIONS / publishedSeconds, onTopicWhenAnswered, INVITATIONS - onTopicWhenAnswered, drainSeconds);
            System.out.println(figures);
        }
        Api.getInvitation(ids.get(INVITATIONS - 1)).body("status", equalTo("SENT"))
                .body("invitedContacts[0].deliveryStatus", equalTo("PENDING"));
    }

    /** One contact and one SINGLE invitation per row, in a handful of set-based statements. */
    private List<UUID> storeSingleInvitations(int count) throws SQLException {
        String run = UUID.randomUUID().toString();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try (PreparedStatement seed = connection.prepareStatement("""
                    create temp table bulk on commit drop as
                    select n, gen_random_uuid() as contact_id, gen_random_uuid() as invitation_id
                    from generate_series(1, ?) n""")) {
                seed.setInt(1, count);
                seed.execute();
            }
            statement.execute("insert into invitation.contact (id, full_name, email_address1, created_at, updated_at) "
                    + "select contact_id, 'Bulk Contact ' || n, 'bulk-' || n || '-" + run + "@example.org', now(), now() from bulk");
            // Sending copies the encrypted code into the events without reading it, so any unique hash and text will do.
            statement.execute("insert into invitation.invitation (id, name, type, code_hash, code_ciphertext, owner_name, owner_email, "
                    + "max_redemptions, created_at) select invitation_id, 'Bulk " + run + "', 'SINGLE', decode(md5(invitation_id::text), 'hex'), "
                    + "'bulk-ciphertext-' || n, 'Olivia Owner', 'owner@example.org', 1, now() from bulk");
            statement.execute("insert into invitation.invited_contact (invitation_id, contact_id, position) "
                    + "select invitation_id, contact_id, 0 from bulk");
            List<UUID> ids = new ArrayList<>(count);
            try (ResultSet rows = statement.executeQuery("select invitation_id from bulk order by n")) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            connection.commit();
            return ids;
        }
    }
}
