package dev.invitations.redemptionservice.webrole;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A portal web role; its name is unique ignoring case (a unique index on lower(name) enforces it). */
@Entity
@Table(name = "web_role")
public class WebRole extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public String description;

    @Column(name = "created_at")
    public Instant createdAt;
}
