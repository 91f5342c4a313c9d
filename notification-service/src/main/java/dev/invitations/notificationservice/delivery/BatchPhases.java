package dev.invitations.notificationservice.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/** Where a batch's time goes (claiming, mailing, recording), for whoever tunes batch size, SMTP concurrency or the pools. */
final class BatchPhases {

    private BatchPhases() {
    }

    static Timer timer(MeterRegistry registry, String phase) {
        return Timer.builder("notification.batch.phase")
                .description("Time one consumed batch of InvitationSent spends claiming or mailing, or one group of outcomes recording")
                .tag("phase", phase)
                .register(registry);
    }

    static <T> Uni<T> timed(Timer timer, Uni<T> phase) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start();
            return phase.onTermination().invoke(() -> sample.stop(timer));
        });
    }
}
