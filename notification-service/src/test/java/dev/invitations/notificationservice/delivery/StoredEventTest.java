package dev.invitations.notificationservice.delivery;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/** What a finished delivery keeps of its event: everything but the encrypted code. */
class StoredEventTest {

    @Test
    void encryptedCodeIsRemovedAndTheRestKeptInOrder() {
        String stored = "{\"eventId\":\"e\",\"invitationId\":\"i\",\"encryptedCode\":\"c2VjcmV0\",\"recipient\":{\"email\":\"a@b.c\"}}";

        assertThat(DeliveryStore.withoutCode(stored),
                equalTo("{\"eventId\":\"e\",\"invitationId\":\"i\",\"recipient\":{\"email\":\"a@b.c\"}}"));
    }

    @Test
    void anEventWithoutCodeIsKeptAsItIs() {
        String stored = "{ \"eventId\": \"e\", \"recipient\": {\"email\": \"a@b.c\"} }";

        assertThat(DeliveryStore.withoutCode(stored), equalTo(stored));
    }

    @Test
    void somethingThatIsNotAJsonObjectIsDroppedRatherThanKept() {
        assertThat(DeliveryStore.withoutCode("not json {\"encryptedCode\":\"c2VjcmV0\""), equalTo("{}"));
        assertThat(DeliveryStore.withoutCode("[\"c2VjcmV0\"]"), equalTo("{}"));
    }
}
