package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.createInvitation;
import static dev.invitations.invitationservice.Api.getInvitation;
import static dev.invitations.invitationservice.Api.groupInvitation;
import static dev.invitations.invitationservice.Api.inSeconds;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.redeem;
import static dev.invitations.invitationservice.Api.redeemAs;
import static dev.invitations.invitationservice.Api.send;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.commons.codes.CodeCipher;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationSent;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.sending.Reminders;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Automatic reminders on the real topic. Days pass by moving the invited contacts' last email back in the database,
 * as waiting would: the job compares it with the clock.
 */
@QuarkusTest
@WithKafkaCompanion
class RemindersTest {

    @ConfigProperty(name = "portal.codes.encryption-key")
    String encryptionKey;

    @Inject
    Reminders job;

    KafkaCompanion kafka;

    @Test
    void aReminderGoesOnceAfterTheDelayToWhoHasNotRedeemedWithTheSameCode() throws Exception {
        UUID rosa = newContact("Rosa Reminded");
        UUID reed = newContact("Reed Redeemer");
        Api.Invitation invitation = newInvitation(withReminders(groupInvitation(List.of(rosa, reed)), 3, 5));
        send(invitation.id()).statusCode(202);
        redeem(redeemAs(invitation.code(), reed)).statusCode(200);

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, invitation.id())) {
            sent.atLeast(2);
            emailedDaysAgo(invitation.id(), 2);
            runJob();
            sent.exactly(2);

            emailedDaysAgo(invitation.id(), 3);
            runJob();
            runJob();

            List<ConsumerRecord<String, String>> records = sent.exactly(3);
            InvitationSent reminder = EventJson.mapper().readValue(records.get(2).value(), InvitationSent.class);
            InvitationSent original = EventJson.mapper().readValue(records.get(0).value(), InvitationSent.class);
            assertEquals(rosa, reminder.recipient().contactId());
            assertEquals(invitation.code(), new CodeCipher(encryptionKey).decrypt(invitation.id(), reminder.encryptedCode()));
            assertEquals(original.sender(), reminder.sender());
            assertEquals(original.invitationName(), reminder.invitationName());
        }
        getInvitation(invitation.id())
                .body("reminders.afterDays", equalTo(3))
                .body("reminders.maxReminders", equalTo(5))
                .body("invitedContacts.contactId", contains(rosa.toString(), reed.toString()))
                .body("invitedContacts.remindersSent", contains(1, 0))
                .body("invitedContacts.deliveryStatus", contains("PENDING", "PENDING"));
    }

    @Test
    void remindersStopAtTheMaximum() {
        Api.Invitation invitation = newInvitation(withReminders(singleInvitation(newContact("Max Reminded")), 1, 2));
        send(invitation.id()).statusCode(202);

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT, invitation.id())) {
            for (int run = 0; run < 4; run++) {
                emailedDaysAgo(invitation.id(), 2);
                runJob();
            }
            sent.exactly(1 + 2);
        }
        getInvitation(invitation.id()).body("invitedContacts.remindersSent", contains(2));
    }

    @Test
    void noReminderForARevokedExpiredUnsentOrReminderlessInvitation() {
        UUID revoked = sentWithReminders("Rob Revoked");
        Api.revoke(revoked).statusCode(200);
        UUID expired = sentWithReminders("Ezra Expired");
        expire(expired);
        UUID unsent = newInvitation(withReminders(singleInvitation(newContact("Una Unsent")), 1, 3)).id();
        UUID reminderless = newInvitation(singleInvitation(newContact("Nell Noreminders"))).id();
        send(reminderless).statusCode(202);
        List<UUID> ids = List.of(revoked, expired, unsent, reminderless);

        try (TopicRecords sent = TopicRecords.of(kafka, Topics.INVITATION_SENT,
                ids.stream().map(UUID::toString).collect(java.util.stream.Collectors.toSet()))) {
            sent.atLeast(3);
            ids.forEach(id -> emailedDaysAgo(id, 30));
            runJob();
            sent.exactly(3);
        }
        getInvitation(revoked).body("invitedContacts.remindersSent", contains(0));
        getInvitation(reminderless).body("reminders", nullValue());
    }

    @Test
    void reminderSettingsOutOfRangeAreRefusedNamingTheFieldAndNothingIsStored() {
        UUID contact = newContact("Vera Validated");
        Map<String, Object> body = singleInvitation(contact);
        body.put("reminders", Map.of("afterDays", 0, "maxReminders", 11));
        createInvitation(body).statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("reminders.afterDays", "reminders.maxReminders"));

        body.put("reminders", Map.of("afterDays", 366));
        createInvitation(body).statusCode(400)
                .body("errors.field", containsInAnyOrder("reminders.afterDays", "reminders.maxReminders"));

        asStaff().queryParam("contactId", contact.toString()).get("/invitations").then().statusCode(200).body("total", equalTo(0));
    }

    private void runJob() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> job.remindDue());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> withReminders(Map<String, Object> body, int afterDays, int maxReminders) {
        body.put("reminders", Map.of("afterDays", afterDays, "maxReminders", maxReminders));
        body.put("expiresAt", inSeconds(3600));
        return body;
    }

    private static UUID sentWithReminders(String contactName) {
        UUID id = newInvitation(withReminders(singleInvitation(newContact(contactName)), 1, 3)).id();
        send(id).statusCode(202);
        return id;
    }

    /** The invited contacts' last email (if they were emailed at all) as if it had gone out that many days ago. */
    private static void emailedDaysAgo(UUID invitationId, int days) {
        execute("update invited_contact set last_emailed_at = ? where invitation_id = ? and last_emailed_at is not null",
                Instant.now().minus(days, ChronoUnit.DAYS), invitationId);
    }

    private static void expire(UUID invitationId) {
        execute("update invitation set expires_at = ? where id = ?", Instant.now().minus(1, ChronoUnit.MINUTES), invitationId);
    }

    private static void execute(String sql, Instant time, UUID id) {
        try (Connection db = TestDatabase.connect(); PreparedStatement update = db.prepareStatement(sql)) {
            update.setObject(1, time.atOffset(ZoneOffset.UTC));
            update.setObject(2, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
