package dev.invitations.redemptionservice.redemption;

import static dev.invitations.redemptionservice.PortalFixtures.createAccount;
import static dev.invitations.redemptionservice.PortalFixtures.createWebRole;
import static dev.invitations.redemptionservice.PortalFixtures.json;
import static dev.invitations.redemptionservice.PortalFixtures.kafka;
import static dev.invitations.redemptionservice.PortalFixtures.publish;
import static dev.invitations.redemptionservice.PortalFixtures.publishRaw;
import static dev.invitations.redemptionservice.PortalFixtures.redemption;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.ContactAccessGranted;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** InvitationRedeemed events published on the real broker, their effect read back through the HTTP API. */
@QuarkusTest
class RedemptionConsumptionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** The consumer's backoff reaches 30 s while it waits; the first attempt after the outage may come that late. */
    private static final Duration AFTER_AN_OUTAGE = Duration.ofSeconds(90);

    @Test
    void redemptionGivesTheContactTheAccountAndWebRolesAndRecordsAnActivity() {
        UUID account = createAccount("Contoso");
        UUID reader = createWebRole("Reader");
        UUID partner = createWebRole("Partner");
        UUID invitation = UUID.randomUUID();
        UUID contact = UUID.randomUUID();

        publish(redemption(invitation, contact, account, List.of(partner, reader)));

        JsonPath activity = awaitActivities(invitation, 1).setRootPath("items[0]");
        assertThat(activity.getString("contactId"), equalTo(contact.toString()));
        assertThat(activity.getString("account.id"), equalTo(account.toString()));
        assertThat(activity.getString("account.outcome"), equalTo("ASSIGNED"));
        assertThat(activity.getList("webRoles.id"), contains(partner.toString(), reader.toString()));
        assertThat(activity.getList("webRoles.outcome"), contains("GRANTED", "GRANTED"));
        assertThat(activity.getBoolean("partial"), equalTo(false));

        asStaff().get("/contacts/{id}/access", contact)
                .then().statusCode(200)
                .body("contactId", equalTo(contact.toString()))
                .body("parentAccountId", equalTo(account.toString()))
                .body("webRoles.id", containsInAnyOrder(partner.toString(), reader.toString()));
    }

    @Test
    void appliedRedemptionAnnouncesTheContactsAccessKeyedByContact() throws Exception {
        UUID account = createAccount("Litware");
        UUID role = createWebRole("Member");
        UUID contact = UUID.randomUUID();
        InvitationRedeemed event = redemption(UUID.randomUUID(), contact, account, List.of(role));

        try (ConsumerTask<String, String> granted = kafka().consumeStrings().fromTopics(Topics.CONTACT_ACCESS_GRANTED)) {
            publish(event);

            ConsumerRecord<String, String> record = await().atMost(DEADLINE).until(
                    () -> granted.stream().filter(r -> r.key().equals(contact.toString())).findFirst(), Optional::isPresent).get();
            ContactAccessGranted announced = EventJson.mapper().readValue(record.value(), ContactAccessGranted.class);
            assertThat(announced.invitationId(), equalTo(event.invitationId()));
            assertThat(announced.parentAccountId(), equalTo(account));
            assertThat(announced.webRoleIds(), contains(role));
            assertThat(header(record, "ce_type"), equalTo("dev.invitations.ContactAccessGranted"));
            assertThat(header(record, "ce_id"), equalTo(announced.eventId().toString()));
        }
    }

    @Test
    void redeliveredEventChangesNothing() {
        UUID role = createWebRole("Volunteer");
        UUID otherRole = createWebRole("Donor");
        UUID invitation = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        InvitationRedeemed event = redemption(invitation, contact, null, List.of(role));
        // Same key, so the same partition: once the later event is applied, both copies before it were handled.
        InvitationRedeemed later = redemption(invitation, UUID.randomUUID(), null, List.of(otherRole));

        publish(event, event, later);

        JsonPath activities = awaitActivities(invitation, 2);
        assertThat(activities.getList("items.contactId"), containsInAnyOrder(contact.toString(), later.contact().id().toString()));
        asStaff().queryParam("contactId", contact).get("/redemption-activities")
                .then().body("total", equalTo(1));
        asStaff().get("/contacts/{id}/access", contact)
                .then().body("webRoles.id", contains(role.toString()));

        publish(event);
        InvitationRedeemed last = redemption(invitation, UUID.randomUUID(), null, List.of());
        publish(last);
        awaitActivities(invitation, 3);
        asStaff().queryParam("contactId", contact).get("/redemption-activities")
                .then().body("total", equalTo(1));
    }

    @Test
    void secondInvitationAddsItsRolesToTheFirstOnesWithoutDuplicates() {
        UUID reader = createWebRole("Reader");
        UUID author = createWebRole("Author");
        UUID editor = createWebRole("Editor");
        UUID contact = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        publish(redemption(first, contact, null, List.of(reader, author)));
        awaitActivities(first, 1);
        publish(redemption(second, contact, null, List.of(author, editor)));

        JsonPath activity = awaitActivities(second, 1).setRootPath("items[0]");
        assertThat(activity.getList("webRoles.outcome"), contains("ALREADY_HELD", "GRANTED"));
        assertThat(activity.getBoolean("partial"), equalTo(false));
        asStaff().get("/contacts/{id}/access", contact)
                .then().body("webRoles.id", containsInAnyOrder(reader.toString(), author.toString(), editor.toString()));
    }

    @Test
    void deletedWebRoleAndUnknownAccountAreRecordedAsNotAppliedAndTheRestIsApplied() {
        UUID kept = createWebRole("Kept");
        UUID deleted = createWebRole("Deleted");
        asStaff().delete("/web-roles/{id}", deleted).then().statusCode(204);
        UUID missingAccount = UUID.randomUUID();
        UUID invitation = UUID.randomUUID();
        UUID contact = UUID.randomUUID();

        publish(redemption(invitation, contact, missingAccount, List.of(deleted, kept)));

        JsonPath activity = awaitActivities(invitation, 1).setRootPath("items[0]");
        assertThat(activity.getBoolean("partial"), equalTo(true));
        assertThat(activity.getString("account.outcome"), equalTo("NOT_FOUND"));
        assertThat(activity.getList("webRoles.outcome"), contains("NOT_FOUND", "GRANTED"));
        asStaff().get("/contacts/{id}/access", contact)
                .then().statusCode(200)
                .body("parentAccountId", nullValue())
                .body("webRoles.id", contains(kept.toString()));
    }

    @Test
    void deletingAWebRoleRemovesItFromEveryContact() {
        UUID shared = createWebRole("Shared");
        UUID other = createWebRole("Other");
        UUID invitation = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        publish(redemption(invitation, alice, null, List.of(shared, other)), redemption(invitation, bob, null, List.of(shared)));
        awaitActivities(invitation, 2);

        asStaff().delete("/web-roles/{id}", shared).then().statusCode(204);

        asStaff().get("/contacts/{id}/access", alice).then().body("webRoles.id", contains(other.toString()));
        asStaff().get("/contacts/{id}/access", bob).then().body("webRoles", empty());
        asStaff().queryParam("invitationId", invitation).get("/redemption-activities")
                .then().body("items[0].webRoles[0].name", containsString("Shared"));
    }

    @Test
    void malformedEventsGoToTheDeadLetterTopicAndConsumptionGoesOn() {
        UUID invitation = UUID.randomUUID();
        String key = invitation.toString();
        InvitationRedeemed withoutContact = new InvitationRedeemed(UUID.randomUUID(), invitation, "Broken", null, null,
                null, List.of(), null, 1, 1, Instant.now());
        InvitationRedeemed withoutContactId = new InvitationRedeemed(UUID.randomUUID(), invitation, "Broken", InvitationType.SINGLE,
                new InvitationRedeemed.RedeemingContact(null, "Ada Lovelace", "ada@example.org"), null, List.of(), null, 1, 1,
                Instant.now());

        try (ConsumerTask<String, String> deadLetters = kafka().consumeStrings().fromTopics(Topics.deadLetter("redemption-service"))) {
            publishRaw(key, "{this is not json");
            publishRaw(key, json(withoutContact));
            publishRaw(key, json(withoutContactId));
            UUID contact = UUID.randomUUID();
            publish(redemption(invitation, contact, null, List.of()));

            awaitActivities(invitation, 1);
            List<ConsumerRecord<String, String>> dead = await().atMost(DEADLINE).until(
                    () -> deadLetters.stream().filter(r -> key.equals(r.key())).toList(), records -> records.size() == 3);
            assertThat(dead.get(0).value(), equalTo("{this is not json"));
            assertThat(header(dead.get(0), "dead-letter-reason"), containsString("Unreadable InvitationRedeemed"));
            assertThat(header(dead.get(1), "dead-letter-reason"), containsString("contact must not be null"));
            assertThat(header(dead.get(1), "dead-letter-topic"), equalTo(Topics.INVITATION_REDEEMED));
            assertThat(header(dead.get(2), "dead-letter-reason"), containsString("contact.id must not be null"));
        }
    }

    /**
     * PostgreSQL stopped ({@code pg_ctl stop -m fast}) while redemptions arrive: the consumer waits the outage out and
     * applies every one of them afterwards, once each, dead-letters none, and goes on with what comes next.
     */
    @Test
    void redemptionsArrivingWhileTheDatabaseIsDownAreAppliedOnceWhenItIsBackAndNoneIsDeadLettered() throws Exception {
        UUID account = createAccount("Outage Ltd");
        UUID role = createWebRole("Outage reader");
        UUID invitation = UUID.randomUUID();
        String key = invitation.toString();
        try (ConsumerTask<String, String> deadLetters = kafka().consumeStrings().fromTopics(Topics.deadLetter("redemption-service"))) {
            LocalInfrastructureTestResource.duringDatabaseOutage(() -> {
                for (int i = 0; i < 5; i++) {
                    publish(redemption(invitation, UUID.randomUUID(), account, List.of(role)));
                }
                asStaff().queryParam("invitationId", invitation).get("/redemption-activities")
                        .then().statusCode(503).header("Retry-After", "5");
                // Longer than the batch and event attempts that used to end in the dead-letter topic or a stuck batch.
                Thread.sleep(OUTAGE.toMillis());
            });
            await().atMost(AFTER_AN_OUTAGE).until(() -> asStaff().queryParam("invitationId", invitation).get("/redemption-activities")
                    .then().extract().statusCode() == 200);
            JsonPath activities = awaitActivities(invitation, 5, AFTER_AN_OUTAGE);
            assertThat(activities.getList("items.account.outcome"), everyItem(equalTo("ASSIGNED")));

            UUID afterwards = UUID.randomUUID();
            publish(redemption(afterwards, UUID.randomUUID(), null, List.of()));
            awaitActivities(afterwards, 1);
            assertThat(deadLetters.stream().filter(record -> key.equals(record.key())).toList(), empty());
        }
        // Ready again: the database check's pool drops the connections the outage killed (one check may still fail).
        await().atMost(AFTER_AN_OUTAGE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void activitiesFilterRefusesAMalformedId() {
        asStaff().queryParam("invitationId", "nope").get("/redemption-activities")
                .then().statusCode(400)
                .body("errors.field", contains("invitationId"));
        asStaff().queryParam("size", 501).get("/redemption-activities")
                .then().statusCode(400)
                .body("errors.field", contains("size"));
    }

    @Test
    void contactWithoutRedemptionHasNoAccess() {
        UUID contact = UUID.randomUUID();
        asStaff().get("/contacts/{id}/access", contact)
                .then().statusCode(200)
                .body("contactId", equalTo(contact.toString()))
                .body("parentAccountId", nullValue())
                .body("webRoles", empty());
    }

    static JsonPath awaitActivities(UUID invitation, int expected) {
        return awaitActivities(invitation, expected, DEADLINE);
    }

    static JsonPath awaitActivities(UUID invitation, int expected, Duration deadline) {
        return await().atMost(deadline).until(
                () -> asStaff().queryParam("invitationId", invitation).queryParam("size", 500)
                        .get("/redemption-activities")
                        .then().statusCode(200)
                        .extract().jsonPath(),
                page -> {
                    assertTrue(page.getInt("total") <= expected, () -> "more activities than redemptions: " + page.prettify());
                    return page.getInt("total") == expected;
                });
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
