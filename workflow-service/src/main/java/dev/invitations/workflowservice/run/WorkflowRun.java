package dev.invitations.workflowservice.run;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One run of a workflow on a redeeming contact; RUNNING rows double as the queue the dispatcher claims from. */
@Entity
@Table(name = "workflow_run")
public class WorkflowRun extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The InvitationRedeemed event that started the run. */
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "workflow_id")
    public String workflowId;

    /** Null only when the workflow did not exist when the run was recorded. */
    @Column(name = "workflow_version")
    public Integer workflowVersion;

    @Column(name = "contact_id")
    public UUID contactId;

    @Column(name = "invitation_id")
    public UUID invitationId;

    @Enumerated(EnumType.STRING)
    public RunStatus status;

    public String input;

    public String output;

    public String error;

    /** How often the engine started this run; also the fencing token that lets only the latest start record a result. */
    public int attempt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    /** The process executing the run, which alone renews its lease; null when no instance holds it. */
    @Column(name = "lease_owner")
    public UUID leaseOwner;
}
