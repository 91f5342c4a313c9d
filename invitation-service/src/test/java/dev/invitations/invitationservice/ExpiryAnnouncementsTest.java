package dev.invitations.invitationservice;

import static dev.invitations.invitationservice.Api.inSeconds;
import static dev.invitations.invitationservice.Api.newContact;
import static dev.invitations.invitationservice.Api.newInvitation;
import static dev.invitations.invitationservice.Api.singleInvitation;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationExpired;
import dev.invitations.contract.Topics;
import dev.invitations.invitationservice.invitation.ExpiryAnnouncements;
import dev.invitations.localinfra.LocalInfrastructureTestResource;
import dev.invitations.testsupport.WithKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code InvitationExpired} once per expiry, on the real topic, whatever the number of replicas running the job. An
 * expiry is made to pass by moving {@code expires_at} into the past in the database (creation takes only future ones),
 * as time passing would.
 */
@QuarkusTest
@WithKafkaCompanion
class ExpiryAnnouncementsTest {

    /** The pool's connections, ended by the outage, are replaced within this. */
    private static final Duration AFTER_THE_OUTAGE = Duration.ofSeconds(90);

    @Inject
    ExpiryAnnouncements job;

    KafkaCompanion kafka;

    @Test
    void twoJobsRunningAtOnceAnnounceEachExpiredInvitationExactlyOnce() throws Exception {
        List<UUID> ids = IntStream.range(0, 60).mapToObj(i -> expiringInvitation("Ed Expired " + i)).toList();
        Instant expiredAt = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        for (UUID id : ids) {
            setExpiry(id, expiredAt);
        }

        try (TopicRecords expired = TopicRecords.of(kafka, Topics.INVITATION_EXPIRED, keys(ids))) {
            // Two replicas' runs, started together: the test profile's small batches make them take turns on the rows.
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> runs = IntStream.range(0, 2)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return onVertx(() -> job.announceDue());
                    }))
                    .toList();
            start.countDown();
            for (CompletableFuture<Integer> run : runs) {
                run.join();
            }

            List<ConsumerRecord<String, String>> records = expired.exactly(ids.size());
            assertEquals(keys(ids), records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()),
                    "one event per invitation, none twice");
            ConsumerRecord<String, String> record = records.get(0);
            assertEquals(EventTypes.INVITATION_EXPIRED, KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.TYPE));
            InvitationExpired event = EventJson.mapper().readValue(record.value(), InvitationExpired.class);
            assertEquals(record.key(), event.invitationId().toString());
            assertEquals(event.eventId().toString(), KafkaCompanion.getHeader(record.headers(), CloudEventHeaders.ID));
            assertEquals(expiredAt, event.expiredAt());
            assertEquals(0, event.redemptionCount());
            assertEquals(1, event.maxRedemptions());

            runJob();
            expired.exactly(ids.size());
        }
    }

    @Test
    void anInvitationNotYetExpiredRevokedOrWithoutExpiryIsNotAnnounced() {
        UUID notYet = expiringInvitation("Nora Notyet");
        UUID revoked = expiringInvitation("Rex Revoked");
        Api.revoke(revoked).statusCode(200);
        setExpiry(revoked, Instant.now().minus(1, ChronoUnit.MINUTES));
        UUID never = newInvitation(singleInvitation(newContact("Nevil Never"))).id();

        try (TopicRecords expired = TopicRecords.of(kafka, Topics.INVITATION_EXPIRED, keys(List.of(notYet, revoked, never)))) {
            runJob();
            expired.exactly(0);
        }
    }

    @Test
    void anInvitationExtendedAfterItsExpiryIsAnnouncedAgainWhenItsNewExpiryPasses() throws Exception {
        UUID id = expiringInvitation("Xena Extended");
        Instant firstExpiry = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        Instant secondExpiry = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);

        try (TopicRecords expired = TopicRecords.of(kafka, Topics.INVITATION_EXPIRED, id)) {
            setExpiry(id, firstExpiry);
            runJob();
            expired.atLeast(1);
            // What an extension does (the expiry moved on), and then the new expiry passing.
            setExpiry(id, Instant.now().plus(1, ChronoUnit.DAYS));
            runJob();
            setExpiry(id, secondExpiry);
            runJob();
            runJob();

            List<Instant> announced = expired.exactly(2).stream().map(ExpiryAnnouncementsTest::expiredAt).toList();
            assertEquals(List.of(firstExpiry, secondExpiry), announced);
        }
    }

    /**
     * A run while PostgreSQL is stopped ends quietly, as one warning without a stack trace (the scheduler would log an
     * error with one every run), and marks nothing: the first run after the outage announces the expiry.
     */
    @Test
    void aRunDuringADatabaseOutageIsOneWarningAndTheNextRunAnnounces() throws Exception {
        UUID id = expiringInvitation("Otto Outage");
        setExpiry(id, Instant.now().minus(1, ChronoUnit.MINUTES));
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jobs = Logger.getLogger(ScheduledBatches.class.getName());

        try (TopicRecords expired = TopicRecords.of(kafka, Topics.INVITATION_EXPIRED, id)) {
            jobs.addHandler(capture);
            try {
                LocalInfrastructureTestResource.duringDatabaseOutage(
                        () -> onVertx(() -> job.announceOnSchedule()));
            } finally {
                jobs.removeHandler(capture);
            }
            List<LogRecord> warnings = logged.stream().filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue()).toList();
            assertEquals(1, warnings.size(), "one warning for the run");
            assertNull(warnings.get(0).getThrown(), "no stack trace");

            await().atMost(AFTER_THE_OUTAGE).untilAsserted(this::runJob);
            assertEquals(id, EventJson.mapper().readValue(expired.exactly(1).get(0).value(), InvitationExpired.class).invitationId());
        }
        // Ready again before the next test: the health check's pool drops the connections the outage killed.
        await().atMost(AFTER_THE_OUTAGE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private void runJob() {
        onVertx(() -> job.announceDue());
    }

    /** Runs the job's method as the scheduler does, on a Vert.x context (its transaction needs one). */
    private static <T> T onVertx(Supplier<Uni<T>> run) {
        try {
            return VertxContextSupport.subscribeAndAwait(run);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID expiringInvitation(String contactName) {
        Map<String, Object> body = singleInvitation(newContact(contactName));
        body.put("expiresAt", inSeconds(3600));
        return newInvitation(body).id();
    }

    private static void setExpiry(UUID id, Instant expiresAt) {
        try (Connection db = TestDatabase.connect();
                PreparedStatement update = db.prepareStatement("update invitation set expires_at = ? where id = ?")) {
            update.setObject(1, expiresAt.atOffset(java.time.ZoneOffset.UTC));
            update.setObject(2, id);
            assertEquals(1, update.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> keys(List<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.toSet());
    }

    private static Instant expiredAt(ConsumerRecord<String, String> record) {
        try {
            return EventJson.mapper().readValue(record.value(), InvitationExpired.class).expiredAt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
