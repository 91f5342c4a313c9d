package dev.invitations.redemptionservice.erasure;

import static dev.invitations.redemptionservice.PortalFixtures.createAccount;
import static dev.invitations.redemptionservice.PortalFixtures.createWebRole;
import static dev.invitations.redemptionservice.PortalFixtures.kafka;
import static dev.invitations.redemptionservice.PortalFixtures.publish;
import static dev.invitations.redemptionservice.PortalFixtures.redemption;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.invitations.contract.ContactErased;
import dev.invitations.contract.EventTypes;
import dev.invitations.testsupport.ContactErasedRecords;
import dev.invitations.testsupport.ServiceDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ContactErased records on the real broker; what the service keeps of the contact read back through its API. */
@QuarkusTest
class ContactErasureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void erasedContactLosesItsPortalAccessWhileItsActivityStays() {
        UUID account = createAccount("Erasure Ltd");
        UUID role = createWebRole("Erasable");
        UUID invitation = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        UUID bystander = UUID.randomUUID();
        publish(redemption(invitation, contact, account, List.of(role)), redemption(invitation, bystander, account, List.of(role)));
        await().atMost(DEADLINE).until(() -> activities(invitation) == 2);

        ContactErasedRecords.publish(kafka(), ContactErasedRecords.erasureOf(contact));

        await().atMost(DEADLINE).untilAsserted(() -> asStaff().get("/contacts/{id}/access", contact).then()
                .statusCode(200)
                .body("parentAccountId", nullValue())
                .body("webRoles", empty()));
        assertEquals(2, activities(invitation), "the activities name the contact by id only and stay");
        asStaff().get("/contacts/{id}/access", bystander).then()
                .body("parentAccountId", equalTo(account.toString()))
                .body("webRoles.id", contains(role.toString()));
    }

    @Test
    void theSameErasureTwiceIsHandledOnceAndAnUnknownContactsIsHarmless() {
        UUID unknown = UUID.randomUUID();
        ContactErased erasure = ContactErasedRecords.erasureOf(unknown);

        ContactErasedRecords.publish(kafka(), erasure, erasure);

        await().atMost(DEADLINE).until(() -> erased(unknown));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> ServiceDatabase.count(
                "select count(*) from processed_event where event_id = ? and event_type = ?", erasure.eventId(),
                EventTypes.CONTACT_ERASED) == 1);
        asStaff().get("/contacts/{id}/access", unknown).then().statusCode(200).body("webRoles", empty());
    }

    @Test
    void aRedemptionArrivingAfterTheErasureGrantsNothing() {
        UUID role = createWebRole("Late");
        UUID invitation = UUID.randomUUID();
        UUID erasedContact = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        ContactErasedRecords.publish(kafka(), ContactErasedRecords.erasureOf(erasedContact));
        await().atMost(DEADLINE).until(() -> erased(erasedContact));

        // One key, one partition: once the other contact's redemption is applied, the erased one's was handled before it.
        publish(redemption(invitation, erasedContact, null, List.of(role)), redemption(invitation, other, null, List.of(role)));

        await().atMost(DEADLINE).until(() -> activities(invitation) == 1);
        asStaff().queryParam("contactId", other).get("/redemption-activities").then().body("total", equalTo(1));
        asStaff().queryParam("contactId", erasedContact).get("/redemption-activities").then().body("total", equalTo(0));
        asStaff().get("/contacts/{id}/access", erasedContact).then().statusCode(200).body("webRoles", empty());
    }

    private static int activities(UUID invitation) {
        return asStaff().queryParam("invitationId", invitation).get("/redemption-activities").then().statusCode(200)
                .extract().path("total");
    }

    private static boolean erased(UUID contact) {
        return ServiceDatabase.count("select count(*) from erased_contact where contact_id = ?", contact) == 1;
    }
}
