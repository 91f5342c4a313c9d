package dev.invitations.workflowservice.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A workflow with its current version; {@code history} only when one workflow is read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A registered workflow and the version new runs use")
public record WorkflowView(
        @Schema(description = "The id invitations name as their workflow", examples = "welcome-webhook") String id,
        @Schema(description = "Whether redemptions start runs of it") boolean active,
        @Schema(description = "The current version; 1 for the first document, +1 for each changed one") int version,
        @Schema(description = "The current version's document header") DocumentView document,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Every version, newest first") List<VersionView> history) {

    @Schema(description = "The DSL document block and the fingerprint of the document's content")
    public record DocumentView(String dsl, String namespace, String name, String version, String title, String format,
            @Schema(description = "SHA-256 of the content, independent of formatting and key order") String sha256) {

        static DocumentView of(WorkflowVersion version) {
            return new DocumentView(version.dsl, version.namespace, version.name, version.documentVersion, version.title,
                    version.format.name(), version.contentHash);
        }
    }

    public record VersionView(int version, DocumentView document, Instant registeredAt) {

        static VersionView of(WorkflowVersion version) {
            return new VersionView(version.version, DocumentView.of(version), version.registeredAt);
        }
    }

    static WorkflowView summary(RegisteredWorkflow workflow, WorkflowVersion current) {
        return new WorkflowView(workflow.id, workflow.active, workflow.currentVersion, DocumentView.of(current),
                workflow.createdAt, workflow.updatedAt, null);
    }

    /** The current version is always the newest: versions are only ever added. */
    static WorkflowView details(RegisteredWorkflow workflow, List<WorkflowVersion> newestFirst) {
        WorkflowVersion current = newestFirst.get(0);
        return new WorkflowView(workflow.id, workflow.active, workflow.currentVersion, DocumentView.of(current),
                workflow.createdAt, workflow.updatedAt, newestFirst.stream().map(VersionView::of).toList());
    }
}
