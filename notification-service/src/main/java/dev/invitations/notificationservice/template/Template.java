package dev.invitations.notificationservice.template;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A keyed email template: whether it may be used now, and which of its versions is the current text. */
@Entity
@Table(name = "templates")
public class Template extends PanacheEntityBase {

    @Id
    @Column(name = "template_key")
    public String key;

    public boolean active;

    @Column(name = "current_version")
    public int currentVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
