package dev.invitations.notificationservice.delivery;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.invitations.commons.lease.OutcomeGroups;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window a {@code kill -9} leaves: emails sent (or being sent) whose outcome is not committed. However fast SMTP
 * answers and however slow the database commits, it never exceeds send concurrency + group size, because the
 * sending waits for the recording.
 */
class SendingWindowTest {

    static final int EMAILS = 500;
    static final int SEND_CONCURRENCY = 32;
    static final int GROUP_SIZE = 32;

    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    @Test
    void sendsNeverRunMoreThanConcurrencyPlusOneGroupAheadOfTheirCommits() {
        Context context = vertx.getOrCreateContext();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger widestWindow = new AtomicInteger();
        // SMTP answers at once; each commit takes 20 ms: unrecorded emails would pile up without the window.
        OutcomeGroups<SendOutcome> groups = new OutcomeGroups<>(context, GROUP_SIZE, Duration.ofMillis(200), group -> Uni.createFrom()
                .emitter(committing -> vertx.setTimer(20, ignored -> {
                    committed.addAndGet(group.size());
                    committing.complete(null);
                })));
        List<Dispatch> dispatches = IntStream.range(0, EMAILS).mapToObj(i -> new Dispatch(UUID.randomUUID(), null, null, null)).toList();
        AtomicReference<List<SendOutcome>> outcomes = new AtomicReference<>();

        context.runOnContext(ignored -> SendingPipeline.sendAndRecord(dispatches, dispatch -> {
                    widestWindow.accumulateAndGet(started.incrementAndGet() - committed.get(), Math::max);
                    return Uni.createFrom().item(SendOutcome.sent(dispatch, 1));
                }, groups, SEND_CONCURRENCY, GROUP_SIZE)
                .subscribe().with(outcomes::set));

        await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.get() != null);
        System.out.printf("[figure] %d emails, SMTP instant, 20 ms per commit: at most %d sent ahead of their commit%n",
                EMAILS, widestWindow.get());
        assertThat(outcomes.get().size(), equalTo(EMAILS));
        assertThat(committed.get(), equalTo(EMAILS));
        assertThat("sends started ahead of their commit at most", widestWindow.get(), equalTo(SEND_CONCURRENCY + GROUP_SIZE));
    }
}
