package dev.invitations.redemptionservice.access;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One web role a contact holds, with the invitation whose redemption first granted it. */
@Entity
@Table(name = "contact_web_role")
@IdClass(ContactWebRole.Key.class)
public class ContactWebRole extends PanacheEntityBase {

    @Id
    @Column(name = "contact_id")
    public UUID contactId;

    @Id
    @Column(name = "web_role_id")
    public UUID webRoleId;

    @Column(name = "invitation_id")
    public UUID invitationId;

    @Column(name = "granted_at")
    public Instant grantedAt;

    public record Key(UUID contactId, UUID webRoleId) implements Serializable {
    }
}
