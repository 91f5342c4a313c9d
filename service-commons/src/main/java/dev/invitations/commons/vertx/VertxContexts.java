package dev.invitations.commons.vertx;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that uses Vert.x and Quarkus internal API, so that an upgrade that moves it breaks one class. Neither
 * need has a public API in Quarkus 3.33: a context Hibernate Reactive accepts outside a request or a consumer, and a
 * context per event loop to spread work over the cores.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    /**
     * A fresh duplicated context flagged as owned by one unit of work: Hibernate Reactive only works on such a context,
     * and a fresh one per unit keeps concurrent units from sharing a session. What {@code @Scheduled} methods and
     * consumers get from Quarkus, for work started from a timer.
     */
    public static Context safeDuplicatedContext(Vertx vertx) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }

    /** One context on each of the instance's event loops, for work that should use every core rather than the caller's. */
    public static List<Context> oneOnEachEventLoop(Vertx vertx) {
        VertxInternal internal = (VertxInternal) vertx;
        List<Context> contexts = new ArrayList<>();
        for (var ignored : internal.getEventLoopGroup()) {
            contexts.add(internal.createEventLoopContext());
        }
        return List.copyOf(contexts);
    }
}
