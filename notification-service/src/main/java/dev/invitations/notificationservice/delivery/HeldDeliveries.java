package dev.invitations.notificationservice.delivery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Emails held while their template was inactive. */
@ApplicationScoped
public class HeldDeliveries {

    /**
     * Must run in the transaction that activates the template. The released deliveries are claimed with an
     * already-expired lease, so the dispatcher sends them on its next tick, and sends them again should this process die.
     */
    public Uni<Integer> release(String templateKey, int templateVersion) {
        Instant now = Instant.now();
        return Delivery.update("status = ?1, templateVersion = ?2, leaseExpiresAt = ?3, updatedAt = ?3 "
                + "where templateKey = ?4 and status = ?5", DeliveryStatus.SENDING, templateVersion, now, templateKey, DeliveryStatus.HELD);
    }
}
