package dev.invitations.commons.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event committed with the state change that caused it, waiting for {@link OutboxRelay} to publish it. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    /** Also the CloudEvents id: consumers de-duplicate on it. */
    @Id
    public UUID id;

    public String topic;

    @Column(name = "message_key")
    public String messageKey;

    @Column(name = "event_type")
    public String eventType;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The W3C trace context the row was written in; the relay publishes it as the parent of its produce span. */
    public String traceparent;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** Claimed by a relay until then; null when nobody is publishing it. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    /** The process whose relay claimed the row, which alone renews the claim while it publishes. */
    @Column(name = "claimed_by")
    public UUID claimedBy;
}
