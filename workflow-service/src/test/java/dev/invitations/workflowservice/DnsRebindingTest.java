package dev.invitations.workflowservice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.invitations.contract.InvitationRedeemed;
import dev.invitations.testsupport.WithKafkaCompanion;
import dev.invitations.workflowservice.engine.HostResolver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: an allow-listed name whose address checks out when the egress policy resolves it, and that leads to a
 * forbidden address when the HTTP client resolves it again to connect, is refused at connect time, before a byte of
 * the request is sent.
 */
@QuarkusTest
@WithKafkaCompanion
@TestProfile(DnsRebindingTest.RebindingDns.class)
class DnsRebindingTest {

    /** localhost allowed by name only (its address, 127.0.0.1, is not), and a resolver whose first answer is public. */
    public static class RebindingDns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("workflow.egress.allow", "localhost");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FirstAnswerPublic.class);
        }
    }

    KafkaCompanion kafka;

    /**
     * The first answer of a rebinding name server: asked by the egress check, localhost "is" 203.0.113.7 (a public
     * address as far as the policy is concerned); the HTTP client resolves it itself when it connects and gets
     * 127.0.0.1, as the rebound answer would be.
     */
    @Alternative
    @Singleton
    public static class FirstAnswerPublic extends HostResolver {
        @Override
        public InetAddress[] addressesOf(String host) throws UnknownHostException {
            return host.equals("localhost") ? new InetAddress[]{InetAddress.getByName("203.0.113.7")} : super.addressesOf(host);
        }
    }

    private final SilentEndpoint endpoint = SilentEndpoint.answeringNothing();

    @AfterEach
    void stopEndpoint() {
        endpoint.close();
    }

    @Test
    void anAllowedNameThatResolvesToLoopbackWhenConnectingIsRefusedAtConnectTime() {
        String id = WorkflowRegistrationTest.uniqueId("rebinding");
        Workflows.register(id, Workflows.exampleCalling("http://localhost:" + endpoint.port() + "/welcome", id)).statusCode(201);
        InvitationRedeemed event = Redemptions.of(id);

        new Redemptions(kafka).publish(event);

        JsonPath run = WorkflowRunTest.awaitRun(event.invitationId(), id, "FAULTED");
        String error = run.getString("error");
        assertTrue(error.contains("Egress refused") && error.contains("request to localhost refused at connect time")
                && error.contains("127.0.0.1 is a loopback address"), error);
        assertNull(run.get("output"));
        await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.connectionsClosedByClient() >= 1);
        assertEquals(0, endpoint.bytesReceived(), "the connection was closed before any of the request was written");
    }
}
