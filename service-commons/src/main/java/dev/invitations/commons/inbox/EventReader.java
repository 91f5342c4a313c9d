package dev.invitations.commons.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invitations.contract.EventJson;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a record's JSON body into a contract event and checks it, so that handlers only ever see well-formed events.
 * Records arrive as strings rather than through a Kafka deserializer because a deserializer failure cannot be routed
 * to the dead-letter topic with the original bytes as simply as a failed handler can.
 */
public final class EventReader {

    private static final ObjectMapper JSON = EventJson.mapper();

    public static <T> T read(String body, Class<T> type, Validator validator) {
        if (body == null || body.isBlank()) {
            throw new MalformedEventException("Empty " + type.getSimpleName() + " record", null);
        }
        T event;
        try {
            event = JSON.readValue(body, type);
        } catch (Exception e) {
            throw new MalformedEventException("Unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            String problems = violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .sorted()
                    .collect(Collectors.joining(", "));
            throw new MalformedEventException("Invalid " + type.getSimpleName() + ": " + problems, null);
        }
        return event;
    }

    private EventReader() {
    }
}
