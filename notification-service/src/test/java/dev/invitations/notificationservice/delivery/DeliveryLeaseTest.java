package dev.invitations.notificationservice.delivery;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.invitations.contract.InvitationSent;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.localinfra.mail.Mailbox;
import dev.invitations.notificationservice.Invitations;
import dev.invitations.notificationservice.StoredDeliveries;
import dev.invitations.notificationservice.StoredDeliveries.Stored;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Claims that name their process: a dead process's run out and are sent once by the dispatcher, a live process's are
 * renewed by its heartbeat and left alone. The rows of the other processes are written straight into the database, as
 * those processes would have.
 */
@QuarkusTest
class DeliveryLeaseTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final Mailbox mailbox = LocalInfrastructureTestResource.mailbox();

    @Inject
    DeliveryLeases leases;

    @Test
    void theClaimOfADeadProcessIsSentOnceByTheDispatcherAndALiveOneIsLeftAlone() {
        InvitationSent ofTheLiving = Invitations.toNewContact(null);
        InvitationSent ofTheDead = Invitations.toNewContact(null);
        UUID liveOwner = UUID.randomUUID();
        Instant renewedLease = StoredDeliveries.storable(Instant.now().plus(1, ChronoUnit.HOURS));
        UUID living = StoredDeliveries.insertSending(ofTheLiving, liveOwner, renewedLease);
        UUID abandoned = StoredDeliveries.insertSending(ofTheDead, UUID.randomUUID(), Instant.now().minusSeconds(1));
        try {
            assertThat(mailbox.awaitMessagesTo(ofTheDead.recipient().email(), 1, TIMEOUT), hasSize(1));
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(StoredDeliveries.read(abandoned).status(), equalTo("SENT")));
            Stored taken = StoredDeliveries.read(abandoned);
            assertThat("the process that took it over", taken.leaseOwner(), equalTo(leases.owner()));
            assertThat(taken.attempts(), equalTo(1));

            // The dispatcher claimed the dead process's delivery, stored after this one, so it saw this one and left it.
            assertThat(StoredDeliveries.read(living), equalTo(new Stored("SENDING", liveOwner, renewedLease, 0)));
            assertThat(mailbox.messagesTo(ofTheLiving.recipient().email()), empty());
            assertThat(mailbox.messagesTo(ofTheDead.recipient().email()), hasSize(1));
        } finally {
            StoredDeliveries.giveUp(living);
        }
    }

    @Test
    void theHeartbeatRenewsOnlyTheClaimsThisProcessIsSending() {
        InvitationSent beingSent = Invitations.toNewContact(null);
        InvitationSent leftBehind = Invitations.toNewContact(null);
        InvitationSent ofAnother = Invitations.toNewContact(null);
        Instant lapsed = StoredDeliveries.storable(Instant.now().minusSeconds(1));
        Instant later = StoredDeliveries.storable(Instant.now().plus(1, ChronoUnit.HOURS));
        UUID anotherOwner = UUID.randomUUID();
        UUID sending = UUID.randomUUID();
        // Held before the row exists, as a pipeline holds what it claimed: the lapsed lease is this process's to renew,
        // and its own dispatcher must not take it over meanwhile.
        UUID orphan = StoredDeliveries.insertSending(leftBehind, leases.owner(), later);
        UUID others = StoredDeliveries.insertSending(ofAnother, anotherOwner, later);
        List<UUID> held = List.of(sending, others);
        leases.holding(held);
        try {
            StoredDeliveries.insertSending(sending, beingSent, leases.owner(), lapsed);

            Instant renewed = await().atMost(TIMEOUT).until(() -> StoredDeliveries.read(sending).leaseExpiresAt(), lease -> lease.isAfter(lapsed));
            // Renewed again: had the dispatcher taken it over instead, it would be sent by now.
            await().atMost(TIMEOUT).until(() -> StoredDeliveries.read(sending).leaseExpiresAt().isAfter(renewed));
            Stored stillSending = StoredDeliveries.read(sending);
            assertThat(stillSending.status(), equalTo("SENDING"));
            assertThat(stillSending.leaseOwner(), equalTo(leases.owner()));
            assertThat("a claim of this process that no pipeline holds", StoredDeliveries.read(orphan),
                    equalTo(new Stored("SENDING", leases.owner(), later, 0)));
            assertThat("another process's claim", StoredDeliveries.read(others), equalTo(new Stored("SENDING", anotherOwner, later, 0)));
            assertThat(mailbox.messagesTo(beingSent.recipient().email()), empty());
        } finally {
            leases.released(held);
            StoredDeliveries.giveUp(sending, orphan, others);
        }
    }
}
