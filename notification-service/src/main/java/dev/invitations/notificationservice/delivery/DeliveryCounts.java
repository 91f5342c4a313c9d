package dev.invitations.notificationservice.delivery;

import java.util.Map;

/** Emails by status: queued ({@code held} + {@code sending}) and done ({@code sent} to the mail server, {@code failed}). */
public record DeliveryCounts(long total, long held, long sending, long sent, long failed) {

    static DeliveryCounts of(Map<DeliveryStatus, Long> byStatus) {
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        return new DeliveryCounts(total, byStatus.getOrDefault(DeliveryStatus.HELD, 0L), byStatus.getOrDefault(DeliveryStatus.SENDING, 0L),
                byStatus.getOrDefault(DeliveryStatus.SENT, 0L), byStatus.getOrDefault(DeliveryStatus.FAILED, 0L));
    }
}
