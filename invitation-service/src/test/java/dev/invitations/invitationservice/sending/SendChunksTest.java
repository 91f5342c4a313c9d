package dev.invitations.invitationservice.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a bulk send is cut into transactions: by invitations, and by the emails they queue. */
class SendChunksTest {

    private final List<UUID> ids = IntStream.range(0, 7).mapToObj(i -> UUID.randomUUID()).toList();

    @Test
    void aChunkClosesAtTheMaximumOfInvitations() {
        List<List<UUID>> chunks = SendingService.chunks(ids, Map.of(), 3, 5000);
        assertEquals(List.of(ids.subList(0, 3), ids.subList(3, 6), ids.subList(6, 7)), chunks);
    }

    @Test
    void aChunkClosesBeforeItsRecipientsWouldPassTheMaximum() {
        Map<UUID, Integer> recipients = Map.of(ids.get(0), 1000, ids.get(1), 1000, ids.get(2), 1000, ids.get(3), 1,
                ids.get(4), 1, ids.get(5), 999, ids.get(6), 1000);
        List<List<UUID>> chunks = SendingService.chunks(ids, recipients, 1000, 2000);
        assertEquals(List.of(ids.subList(0, 2), ids.subList(2, 5), ids.subList(5, 7)), chunks);
    }

    @Test
    void anInvitationWithMoreRecipientsThanTheMaximumIsAChunkOfItsOwn() {
        Map<UUID, Integer> recipients = Map.of(ids.get(1), 1000);
        List<List<UUID>> chunks = SendingService.chunks(ids.subList(0, 3), recipients, 1000, 10);
        assertEquals(List.of(ids.subList(0, 1), ids.subList(1, 2), ids.subList(2, 3)), chunks);
    }
}
