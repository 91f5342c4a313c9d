package dev.invitations.invitationservice.contact;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A portal login (issuer and subject) linked to the contact it redeemed an invitation as. */
@Entity
@Table(name = "contact_identity")
@IdClass(ContactIdentity.Key.class)
public class ContactIdentity extends PanacheEntityBase {

    @Id
    public String provider;

    @Id
    public String subject;

    @Column(name = "contact_id")
    public UUID contactId;

    @Column(name = "linked_at")
    public Instant linkedAt;

    public record Key(String provider, String subject) implements Serializable {
    }
}
