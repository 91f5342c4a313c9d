package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.impl.ExecutorServiceFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's own bounded pool. The SDK makes its HTTP calls with the blocking JAX-RS API on the executor it is
 * given, and its default is an unbounded cached pool; this one has one thread per run slot, so in-flight runs never
 * starve the Vert.x event loops or Quarkus's worker pool, and a burst of runs cannot grow threads without limit.
 */
final class EngineThreads implements ExecutorServiceFactory {

    private final ThreadPoolExecutor pool;

    EngineThreads(int size) {
        ClassLoader applicationClassLoader = EngineThreads.class.getClassLoader();
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "workflow-engine-" + count.incrementAndGet());
            thread.setDaemon(true);
            // The SDK finds its parts with ServiceLoader on the thread's context class loader.
            thread.setContextClassLoader(applicationClassLoader);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public ExecutorService get() {
        return pool;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
