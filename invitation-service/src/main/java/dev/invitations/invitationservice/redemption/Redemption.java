package dev.invitations.invitationservice.redemption;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One contact's redemption of one invitation; the key makes a second one by the same contact impossible. */
@Entity
@Table(name = "redemption")
@IdClass(Redemption.Key.class)
public class Redemption extends PanacheEntityBase {

    @Id
    @Column(name = "invitation_id")
    public UUID invitationId;

    @Id
    @Column(name = "contact_id")
    public UUID contactId;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "identity_provider")
    public String identityProvider;

    @Column(name = "identity_subject")
    public String identitySubject;

    public record Key(UUID invitationId, UUID contactId) implements Serializable {
    }
}
