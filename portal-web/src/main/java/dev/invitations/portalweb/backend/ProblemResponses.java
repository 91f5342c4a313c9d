package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns the services' problem+json answers into {@link BackendRefusal}s, keeping what the page needs to explain them:
 * the status, the problem type and Retry-After. Registered on every client of this module.
 */
public class ProblemResponses implements ResponseExceptionMapper<BackendRefusal> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public BackendRefusal toThrowable(Response response) {
        return new BackendRefusal(response.getStatus(), problemType(response), retryAfter(response));
    }

    private static String problemType(Response response) {
        if (!response.hasEntity()) {
            return null;
        }
        try {
            JsonNode problem = JSON.readTree(response.readEntity(String.class));
            return problem == null || !problem.hasNonNull("type") ? null : problem.get("type").asText();
        } catch (RuntimeException | java.io.IOException notAProblemDocument) {
            return null;
        }
    }

    private static Long retryAfter(Response response) {
        String value = response.getHeaderString(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }
}
