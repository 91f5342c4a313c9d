package dev.invitations.notificationservice.delivery;

import dev.invitations.notificationservice.template.HeldEmails;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** Emails held while their template was inactive: the deliveries in status {@code HELD}. */
@ApplicationScoped
public class HeldDeliveries implements HeldEmails {

    /**
     * The released deliveries are claimed with an already-expired lease, so the dispatcher sends them on its next tick,
     * and sends them again should this process die.
     */
    @Override
    public Uni<Integer> release(String templateKey, int templateVersion) {
        Instant now = Instant.now();
        return Delivery.update("status = ?1, templateVersion = ?2, leaseExpiresAt = ?3, updatedAt = ?3 "
                + "where templateKey = ?4 and status = ?5", DeliveryStatus.SENDING, templateVersion, now, templateKey, DeliveryStatus.HELD);
    }

    /** The partial index {@code deliveries_held} answers it. */
    @Override
    public Uni<Long> count(String templateKey) {
        return Delivery.count("templateKey = ?1 and status = ?2", templateKey, DeliveryStatus.HELD);
    }

    @Override
    public Uni<Map<String, Long>> countByTemplate() {
        return Panache.getSession()
                .flatMap(session -> session.createSelectionQuery(
                                "select templateKey, count(*) from Delivery where status = :status group by templateKey", Object[].class)
                        .setParameter("status", DeliveryStatus.HELD)
                        .getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> (String) row[0], row -> (Long) row[1])));
    }
}
