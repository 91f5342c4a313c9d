package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns the services' problem+json answers into {@link BackendRefusal}s, keeping what the pages need to explain them:
 * the status, the problem type, the detail, the fields named in {@code errors[]} and Retry-After. Registered on every
 * client of this module.
 */
public class ProblemResponses implements ResponseExceptionMapper<BackendRefusal> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public BackendRefusal toThrowable(Response response) {
        JsonNode problem = problemDocument(response);
        return new BackendRefusal(response.getStatus(), text(problem, "type"), text(problem, "detail"), fieldErrors(problem),
                retryAfter(response));
    }

    private static JsonNode problemDocument(Response response) {
        if (!response.hasEntity()) {
            return null;
        }
        try {
            JsonNode problem = JSON.readTree(response.readEntity(String.class));
            return problem != null && problem.isObject() ? problem : null;
        } catch (RuntimeException | java.io.IOException notAProblemDocument) {
            return null;
        }
    }

    private static String text(JsonNode problem, String field) {
        return problem == null || !problem.hasNonNull(field) ? null : problem.get(field).asText();
    }

    private static List<BackendRefusal.FieldError> fieldErrors(JsonNode problem) {
        List<BackendRefusal.FieldError> errors = new ArrayList<>();
        if (problem != null && problem.path("errors").isArray()) {
            for (JsonNode error : problem.get("errors")) {
                String field = text(error, "field");
                String message = text(error, "message");
                if (field != null && message != null) {
                    errors.add(new BackendRefusal.FieldError(field, message));
                }
            }
        }
        return errors;
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
