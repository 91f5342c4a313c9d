package dev.invitations.workflowservice.definition;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A workflow as operators know it: an id that invitations name, a switch, and which version runs. */
@Entity
@Table(name = "workflow")
public class RegisteredWorkflow extends PanacheEntityBase {

    @Id
    public String id;

    /** New redemptions start no run of an inactive workflow: they are recorded FAULTED with that reason. */
    public boolean active;

    @Column(name = "current_version")
    public int currentVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
