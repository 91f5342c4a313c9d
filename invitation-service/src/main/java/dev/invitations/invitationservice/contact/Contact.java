package dev.invitations.invitationservice.contact;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who can be invited; only {@link #emailAddress1} ever receives an invitation (the seed's rule). */
@Entity
@Table(name = "contact")
public class Contact extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "full_name")
    public String fullName;

    @Column(name = "email_address1")
    public String emailAddress1;

    @Column(name = "email_address2")
    public String emailAddress2;

    @Column(name = "email_address3")
    public String emailAddress3;

    public String locale;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Set when the contact was erased: its personal data is gone and the row stays only for what refers to it. */
    @Column(name = "erased_at")
    public Instant erasedAt;
}
