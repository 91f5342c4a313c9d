package dev.invitations.redemptionservice.redemption;

import static dev.invitations.redemptionservice.PortalFixtures.createAccount;
import static dev.invitations.redemptionservice.PortalFixtures.createWebRole;
import static dev.invitations.redemptionservice.PortalFixtures.kafka;
import static dev.invitations.redemptionservice.PortalFixtures.publish;
import static dev.invitations.redemptionservice.PortalFixtures.redemption;
import static dev.invitations.testsupport.TestTokens.asStaff;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.invitations.contract.ContactAccessGranted;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** 1,000 redemptions of one Group invitation: each applied exactly once, and the rate printed for the record. */
@QuarkusTest
class RedemptionThroughputTest {

    private static final int REDEMPTIONS = 1_000;

    @Test
    void thousandRedemptionsMakeExactlyThousandActivitiesAndAnnouncements() {
        UUID account = createAccount("Wide World Importers");
        List<UUID> roles = List.of(createWebRole("Bulk A"), createWebRole("Bulk B"));
        UUID invitation = UUID.randomUUID();
        List<InvitationRedeemed> events = new ArrayList<>();
        for (int i = 0; i < REDEMPTIONS; i++) {
            events.add(redemption(invitation, UUID.randomUUID(), account, roles));
        }

        try (ConsumerTask<String, String> granted = kafka().consumeStrings().fromTopics(Topics.CONTACT_ACCESS_GRANTED)) {
            long start = System.nanoTime();
            publish(events);
            long published = System.nanoTime() - start;
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> activities(invitation) >= REDEMPTIONS);
            long applied = System.nanoTime() - start;
            System.out.printf("[figure] %d redemptions published in %d ms, all applied %d ms after the first was published: %.0f events/s%n",
                    REDEMPTIONS, published / 1_000_000, applied / 1_000_000, REDEMPTIONS * 1e9 / applied);

            assertThat(activities(invitation), equalTo(REDEMPTIONS));
            Set<UUID> announced = await().atMost(Duration.ofMinutes(1)).until(
                    () -> announcementsOf(granted, invitation), ids -> ids.size() >= REDEMPTIONS);
            assertThat(announced.size(), equalTo(REDEMPTIONS));
        }
    }

    private static int activities(UUID invitation) {
        return asStaff().queryParam("invitationId", invitation).queryParam("size", 1)
                .get("/redemption-activities")
                .then().statusCode(200)
                .extract().path("total");
    }

    /** Distinct ids: the outbox relay publishes at least once, so a copy may appear, never a missing one. */
    private static Set<UUID> announcementsOf(ConsumerTask<String, String> granted, UUID invitation) {
        return granted.stream()
                .map(record -> read(record.value()))
                .filter(event -> invitation.equals(event.invitationId()))
                .map(ContactAccessGranted::eventId)
                .collect(Collectors.toSet());
    }

    private static ContactAccessGranted read(String json) {
        try {
            return EventJson.mapper().readValue(json, ContactAccessGranted.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
