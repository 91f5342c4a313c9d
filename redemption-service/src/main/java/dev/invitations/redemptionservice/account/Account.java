package dev.invitations.redemptionservice.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** An account a redeeming contact can be given as parent customer. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    static Account named(String name, Instant createdAt) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.name = name;
        // Truncated to what PostgreSQL stores, so that the 201 body equals what a later GET returns.
        account.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        return account;
    }
}
