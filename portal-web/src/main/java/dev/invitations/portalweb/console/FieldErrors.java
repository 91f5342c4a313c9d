package dev.invitations.portalweb.console;

import dev.invitations.portalweb.backend.BackendRefusal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A form's error messages by field, shown next to their fields: the service's problem {@code errors[].field} (a JSON
 * path such as {@code owner.email} or {@code invitedContactIds[0]}, read here without its index) with its
 * {@code message}, and what the console itself could not read (a date, a number). {@code general} is for a refusal
 * that names no field.
 */
public final class FieldErrors {

    private final Map<String, String> byField = new LinkedHashMap<>();
    private String general;

    public static FieldErrors none() {
        return new FieldErrors();
    }

    public static FieldErrors of(BackendRefusal refusal) {
        return of(refusal, Map.of());
    }

    /** @param formFields the form's field for a service's field where the two are named differently */
    public static FieldErrors of(BackendRefusal refusal, Map<String, String> formFields) {
        FieldErrors errors = new FieldErrors();
        refusal.fieldErrors().forEach(error -> {
            String field = error.field().replaceAll("\\[\\d+]", "");
            errors.add(formFields.getOrDefault(field, field), error.message());
        });
        if (errors.byField.isEmpty()) {
            errors.general = refusal.detail().orElse("HTTP " + refusal.status());
        }
        return errors;
    }

    public FieldErrors add(String field, String message) {
        byField.merge(field, message, (first, second) -> first + "; " + second);
        return this;
    }

    public boolean any() {
        return !byField.isEmpty() || general != null;
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public String get(String field) {
        return byField.get(field);
    }

    /** The messages whose fields the form does not show, joined, or null. */
    public String general() {
        return general;
    }

    public Map<String, String> all() {
        return Map.copyOf(byField);
    }
}
