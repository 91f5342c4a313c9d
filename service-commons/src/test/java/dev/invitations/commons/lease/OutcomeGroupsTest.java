package dev.invitations.commons.lease;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How outcomes are grouped for recording: a full group goes at once, a partial one after the interval, and never two
 * at a time; a group that falls due while the one before it commits waits for that commit instead of failing.
 */
class OutcomeGroupsTest {

    static final int SIZE = 4;
    static final Duration INTERVAL = Duration.ofMillis(50);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Vertx vertx = Vertx.vertx();
    final Context context = vertx.getOrCreateContext();
    final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> commits = new CopyOnWriteArrayList<>();
    final AtomicInteger committing = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger recorded = new AtomicInteger();

    final OutcomeGroups<String> groups = new OutcomeGroups<>(context, SIZE, INTERVAL, group -> {
        groupSizes.add(group.size());
        mostAtOnce.accumulateAndGet(committing.incrementAndGet(), Math::max);
        CompletableFuture<Void> commit = new CompletableFuture<>();
        commits.add(commit);
        return Uni.createFrom().completionStage(commit).onTermination().invoke(committing::decrementAndGet);
    });

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    @Test
    void aFullGroupIsRecordedAtOnceAndTheRestAfterTheInterval() {
        arrive(SIZE + 1);

        await().atMost(TIMEOUT).until(() -> commits.size() == 1);
        assertThat(groupSizes, contains(SIZE));
        commits.get(0).complete(null);
        await().atMost(TIMEOUT).until(() -> commits.size() == 2);
        commits.get(1).complete(null);

        await().atMost(TIMEOUT).until(() -> recorded.get() == SIZE + 1);
        assertThat(groupSizes, contains(SIZE, 1));
    }

    @Test
    void aGroupDueWhileAnotherCommitsWaitsForThatCommit() {
        arrive(SIZE);
        await().atMost(TIMEOUT).until(() -> commits.size() == 1);
        arrive(2);
        // Several intervals go by while the first commit hangs: the second group is due but must not start.
        await().pollDelay(INTERVAL.multipliedBy(4)).atMost(TIMEOUT).until(() -> true);
        assertThat(commits.size(), equalTo(1));

        commits.get(0).complete(null);
        await().atMost(TIMEOUT).until(() -> commits.size() == 2);
        commits.get(1).complete(null);

        await().atMost(TIMEOUT).until(() -> recorded.get() == SIZE + 2);
        assertThat(groupSizes, contains(SIZE, 2));
        assertThat("commits at once", mostAtOnce.get(), equalTo(1));
    }

    @Test
    void aFailedCommitFailsTheOutcomesOfItsGroupOnly() {
        AtomicInteger failed = new AtomicInteger();
        IntStream.range(0, SIZE).forEach(i -> groups.recorded(outcome()).subscribe().with(o -> recorded.incrementAndGet(), e -> failed.incrementAndGet()));
        await().atMost(TIMEOUT).until(() -> commits.size() == 1);
        arrive(1);
        commits.get(0).completeExceptionally(new IllegalStateException("refused"));

        await().atMost(TIMEOUT).until(() -> commits.size() == 2);
        commits.get(1).complete(null);
        await().atMost(TIMEOUT).until(() -> recorded.get() == 1 && failed.get() == SIZE);
    }

    private void arrive(int outcomes) {
        IntStream.range(0, outcomes).forEach(i -> groups.recorded(outcome()).subscribe().with(o -> recorded.incrementAndGet()));
    }

    private final AtomicInteger arrived = new AtomicInteger();

    private String outcome() {
        return "outcome " + arrived.incrementAndGet();
    }
}
