package dev.invitations.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.portalclient.PortalEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Counts of applied effects, read from the services' own query APIs: how many Invite Redemption Activities
 * redemption-service holds for an invitation, whether workflow-service holds at least so many runs for one.
 * PortalClient reads single records for a walkthrough; counting thousands needs the totals and offsets of these lists.
 */
final class ServiceProbes {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PortalEndpoints endpoints;
    /** The operator's access token (both lists need invitations-operator), renewed by PortalLogins as it nears expiry. */
    private final Supplier<String> operatorToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    ServiceProbes(PortalEndpoints endpoints, Supplier<String> operatorToken) {
        this.endpoints = endpoints;
        this.operatorToken = operatorToken;
    }

    /** The Invite Redemption Activities redemption-service recorded for one invitation. */
    long redemptionActivities(UUID invitationId) {
        return get(endpoints.redemptionService().resolve("/redemption-activities?size=1&invitationId=" + invitationId))
                .path("total").asLong(-1);
    }

    /**
     * Whether workflow-service holds at least {@code count} runs started by redemptions of the invitation, in
     * {@code status} if not null: asks for the one run at offset count - 1, which exists only then. By invitation,
     * because workflow-service indexes runs by invitation (a filter by workflow would scan every run, each poll).
     */
    boolean workflowRunsAtLeast(UUID invitationId, String status, int count) {
        String query = "/workflow-runs?limit=1&offset=" + (count - 1) + "&invitationId=" + invitationId
                + (status == null ? "" : "&status=" + status);
        return get(endpoints.workflowService().resolve(query)).size() == 1;
    }

    private JsonNode get(URI url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Accept", "application/json").header("Authorization", "Bearer " + operatorToken.get()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: GET " + url, e);
        }
    }
}
