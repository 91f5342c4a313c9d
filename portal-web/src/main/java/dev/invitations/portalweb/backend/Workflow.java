package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A workflow as workflow-service answers it: whether redemptions start runs of it, its current version and that
 * version's document header; {@code history} (every version, newest first) only when one workflow is read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Workflow(String id, boolean active, int version, Document document, Instant createdAt, Instant updatedAt,
                       List<Version> history) {

    public Workflow {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The DSL document block of a version, its format ({@code YAML} or {@code JSON}) and content fingerprint. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Document(String dsl, String namespace, String name, String version, String title, String format, String sha256) {

        /** The fingerprint's first 12 hex digits: enough to tell versions apart by eye, and it fits a table cell. */
        public String shortSha256() {
            return sha256 == null || sha256.length() <= 12 ? sha256 : sha256.substring(0, 12);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(int version, Document document, Instant registeredAt) {
    }
}
