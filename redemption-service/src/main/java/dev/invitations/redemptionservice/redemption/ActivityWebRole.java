package dev.invitations.redemptionservice.redemption;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/**
 * One web role an invitation names, as recorded on its activity. The name is copied (and there is no foreign key to
 * web_role) because the activity is history: it must still read right after the role is renamed or deleted.
 */
@Entity
@Table(name = "redemption_activity_web_role")
@IdClass(ActivityWebRole.Key.class)
public class ActivityWebRole extends PanacheEntityBase {

    @Id
    @Column(name = "activity_id")
    public UUID activityId;

    @Id
    @Column(name = "web_role_id")
    public UUID webRoleId;

    /** Where the invitation listed the role, so the activity shows them in the operator's order. */
    public int position;

    /** Absent when the role did not exist. */
    @Column(name = "web_role_name")
    public String webRoleName;

    @Enumerated(EnumType.STRING)
    public WebRoleOutcome outcome;

    public record Key(UUID activityId, UUID webRoleId) implements Serializable {
    }
}
