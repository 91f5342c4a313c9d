package dev.invitations.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.invitations.contract.CloudEventHeaders;
import dev.invitations.contract.EventJson;
import dev.invitations.contract.EventTypes;
import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.contract.InvitationType;
import dev.invitations.contract.Topics;
import dev.invitations.portalclient.PortalClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issue 8, scenario 3: how fast redemption-service and workflow-service apply {@code InvitationRedeemed}. K events are
 * published straight to {@code invitations.redeemed}, as invitation-service's outbox relay would (contract JSON,
 * CloudEvents headers, key = invitation id), naming an account, two web roles and a one-step workflow that exist. The
 * clock runs from the first publish until each service's query API shows all K effects committed: K Invite Redemption
 * Activities at redemption-service, K runs recorded at workflow-service, and K runs COMPLETED.
 *
 * <p>The events name {@value #INVITATIONS} invitations in turn, so that they spread over the topic's partitions the way
 * a rush on many invitations does.
 */
final class ConsumptionScenario {

    static final int INVITATIONS = 12;
    /** Events applied before the clock starts: the consumers' first fetch of a topic is start-up, not consumption. */
    static final int WARM_UP = 50;
    /** Often enough for a figure within a few per cent; rarely enough that the polling costs the services little. */
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration QUIET_LIMIT = Duration.ofMinutes(3);
    /** The most the effects may take; a run slower than that reports what it had by then. */
    private static final Duration EFFECTS_LIMIT = Duration.ofMinutes(15);
    private static final String SOURCE = "/benchmarks";

    /**
     * @param seconds        from the first publish until the service showed all K
     * @param eventsPerSecond K / seconds
     */
    record Applied(String what, boolean complete, double seconds, double eventsPerSecond) {
    }

    record Result(int events, double publishSeconds, Applied redemptionActivities, Applied workflowRunsRecorded,
                  Applied workflowRunsCompleted, boolean complete, ProcessMonitor.Usage resources) {
    }

    private final PortalSystem system;
    private final PortalClient client;
    private final Deadline deadline;
    private final PrintStream out;

    ConsumptionScenario(PortalSystem system, PortalClient client, Deadline deadline, PrintStream out) {
        this.system = system;
        this.client = client;
        this.deadline = deadline;
        this.out = out;
    }

    Result run(int events, String tag) {
        out.printf("%nEvent consumption: %,d InvitationRedeemed events%n  setup%n", events);
        Fixtures fixtures = new Fixtures(client, tag, deadline, out);
        UUID account = fixtures.account();
        List<UUID> webRoles = List.of(fixtures.webRole("member"), fixtures.webRole("reader"));
        String workflowId = "bench-" + tag;
        client.registerWorkflow(workflowId, oneStepWorkflow(workflowId));
        List<UUID> invitations = new ArrayList<>();
        for (int i = 0; i < INVITATIONS; i++) {
            invitations.add(UUID.randomUUID());
        }
        UUID warmUpInvitation = UUID.randomUUID();
        List<ProducerRecord<String, String>> warmUp = new ArrayList<>();
        for (int k = 0; k < WARM_UP; k++) {
            warmUp.add(record(event(warmUpInvitation, k, k + 1, WARM_UP, account, webRoles, workflowId, tag)));
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int k = 0; k < events; k++) {
            records.add(record(event(invitations.get(k % INVITATIONS), WARM_UP + k, k / INVITATIONS + 1, events, account,
                    webRoles, workflowId, tag)));
        }

        ServiceProbes probes = new ServiceProbes(system.endpoints(), client.logins()::operator);
        try (ConsumerLag lag = new ConsumerLag(system.infrastructure());
             KafkaProducer<String, String> producer = producer()) {
            out.printf("  warm-up: %d events, then waiting until both consumers have applied everything published%n",
                    WARM_UP);
            warmUp.forEach(producer::send);
            producer.flush();
            if (!lag.awaitCaughtUp(Topics.INVITATION_REDEEMED, deadline.within(QUIET_LIMIT), "redemption-service",
                    "workflow-service")) {
                throw new Fixtures.DeadlinePassed("redemption-service and workflow-service were still consuming earlier "
                        + "events when the wait ended");
            }
            try (ProcessMonitor monitor = ProcessMonitor.start(system.processes())) {
                out.printf("  publishing %,d events%n", events);
                long started = System.nanoTime();
                records.forEach(producer::send);
                producer.flush();
                double publishSeconds = (System.nanoTime() - started) / 1e9;
                Applied[] applied = awaitEffects(probes, invitations, events, started);
                boolean complete = applied[0].complete() && applied[1].complete() && applied[2].complete();
                return new Result(events, BulkSendScenario.round(publishSeconds), applied[0], applied[1], applied[2],
                        complete, monitor.finish());
            }
        }
    }

    /**
     * Polls each service until it shows every event's effect, invitation by invitation (the queries the services
     * index); an invitation that is complete is not asked again.
     */
    private Applied[] awaitEffects(ServiceProbes probes, List<UUID> invitations, int events, long started) {
        Map<UUID, Integer> expected = new LinkedHashMap<>();
        for (int k = 0; k < events; k++) {
            expected.merge(invitations.get(k % INVITATIONS), 1, Integer::sum);
        }
        Set<UUID> activitiesPending = new HashSet<>(expected.keySet());
        Set<UUID> recordedPending = new HashSet<>(expected.keySet());
        Set<UUID> completedPending = new HashSet<>(expected.keySet());
        Map<UUID, Long> activitiesSeen = new HashMap<>();
        double activitiesAt = Double.NaN;
        double recordedAt = Double.NaN;
        double completedAt = Double.NaN;
        long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        Deadline until = deadline.within(EFFECTS_LIMIT);
        do {
            double now = (System.nanoTime() - started) / 1e9;
            for (UUID invitation : List.copyOf(activitiesPending)) {
                long applied = probes.redemptionActivities(invitation);
                activitiesSeen.put(invitation, applied);
                if (applied >= expected.get(invitation)) {
                    activitiesPending.remove(invitation);
                }
            }
            // A COMPLETED run is a recorded one: asked first, so that "recorded" is never later than "completed".
            completedPending.removeIf(invitation -> probes.workflowRunsAtLeast(invitation, "COMPLETED", expected.get(invitation)));
            recordedPending.removeIf(invitation -> !completedPending.contains(invitation)
                    || probes.workflowRunsAtLeast(invitation, null, expected.get(invitation)));
            activitiesAt = activitiesPending.isEmpty() && Double.isNaN(activitiesAt) ? now : activitiesAt;
            recordedAt = recordedPending.isEmpty() && Double.isNaN(recordedAt) ? now : recordedAt;
            completedAt = completedPending.isEmpty() && Double.isNaN(completedAt) ? now : completedAt;
            if (System.nanoTime() > nextReport) {
                out.printf("    invitations fully applied: redemption activities %d, workflow runs recorded %d, completed %d"
                        + " (of %d)%s%n", INVITATIONS - activitiesPending.size(), INVITATIONS - recordedPending.size(),
                        INVITATIONS - completedPending.size(), INVITATIONS,
                        activitiesPending.isEmpty() ? "" : String.format("; %,d of %,d activities",
                                activitiesSeen.values().stream().mapToLong(Long::longValue).sum(), events));
                nextReport += PROGRESS_EVERY.toNanos();
            }
        } while (!(activitiesPending.isEmpty() && recordedPending.isEmpty() && completedPending.isEmpty())
                && until.pause(POLL));
        return new Applied[] {applied("redemption-service: Invite Redemption Activities", activitiesAt, events),
                applied("workflow-service: runs recorded", recordedAt, events),
                applied("workflow-service: runs COMPLETED", completedAt, events)};
    }

    private static Applied applied(String what, double seconds, int events) {
        return new Applied(what, !Double.isNaN(seconds), BulkSendScenario.round(seconds),
                BulkSendScenario.round(events / seconds));
    }

    /** The {@code number}th redemption of the run, the {@code count}th of its invitation. */
    static InvitationRedeemed event(UUID invitation, int number, int count, int maximum, UUID account,
            List<UUID> webRoles, String workflowId, String tag) {
        return new InvitationRedeemed(UUID.randomUUID(), invitation, "Benchmark " + tag, InvitationType.GROUP,
                new InvitationRedeemed.RedeemingContact(UUID.randomUUID(), "Bench Redeemer " + number,
                        "r" + number + "@" + tag + ".bench.example.com"),
                account, webRoles, workflowId, count, maximum, Instant.now());
    }

    /** The event's contract JSON, as the outbox row and the Kafka record carry it. */
    static String json(InvitationRedeemed event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("InvitationRedeemed is not serializable", e);
        }
    }

    private static ProducerRecord<String, String> record(InvitationRedeemed event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVITATION_REDEEMED,
                event.invitationId().toString(), json(event));
        header(record, CloudEventHeaders.ID, event.eventId().toString());
        header(record, CloudEventHeaders.TYPE, EventTypes.INVITATION_REDEEMED);
        header(record, CloudEventHeaders.SOURCE, SOURCE);
        header(record, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(event.redeemedAt()));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private KafkaProducer<String, String> producer() {
        // It stands in for invitation-service, the one producer of redemptions: it logs in as that service.
        return outboxProducer(system.infrastructure().kafkaClientConfig("invitation-service"));
    }

    /** A producer with the services' outbox relay settings (service-commons' microprofile-config.properties). */
    static KafkaProducer<String, String> outboxProducer(Map<String, Object> login) {
        Map<String, Object> config = new java.util.HashMap<>(login);
        config.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        return new KafkaProducer<>(config);
    }

    /** One step that reads the run's input: the engine's own cost per run, with no outside call to wait for. */
    private static String oneStepWorkflow(String name) {
        return """
                document:
                  dsl: '1.0.0'
                  namespace: benchmarks
                  name: %s
                  version: '1.0.0'
                  title: Benchmark workflow that records the redeeming contact
                do:
                  - recordContact:
                      set:
                        contactId: ${ $workflow.input.contact.id }
                """.formatted(name);
    }
}
