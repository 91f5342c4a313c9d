package dev.invitations.workflowservice.definition;

import dev.invitations.workflowservice.engine.DocumentFormat;
import dev.invitations.workflowservice.engine.DocumentIdentity;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One registered document of a workflow, kept as it was sent; versions are never changed or removed. */
@Entity
@Table(name = "workflow_version")
public class WorkflowVersion extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workflow_id")
    public String workflowId;

    public int version;

    @Enumerated(EnumType.STRING)
    public DocumentFormat format;

    public String document;

    @Column(name = "content_hash")
    public String contentHash;

    public String dsl;

    @Column(name = "doc_namespace")
    public String namespace;

    @Column(name = "doc_name")
    public String name;

    @Column(name = "doc_version")
    public String documentVersion;

    public String title;

    @Column(name = "registered_at")
    public Instant registeredAt;

    public DocumentIdentity identity() {
        return new DocumentIdentity(dsl, namespace, name, documentVersion, title);
    }

    static Uni<WorkflowVersion> withIdentity(DocumentIdentity identity) {
        return find("namespace = ?1 and name = ?2 and documentVersion = ?3",
                identity.namespace(), identity.name(), identity.version()).firstResult();
    }

    public static Uni<WorkflowVersion> of(String workflowId, int version) {
        return find("workflowId = ?1 and version = ?2", workflowId, version).firstResult();
    }

    static Uni<List<WorkflowVersion>> history(String workflowId) {
        return list("workflowId", Sort.descending("version"), workflowId);
    }
}
