package io.github.istiocoredns.e2e.variantrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a tier's cases on several clusters at once: one worker per lane, each with a cluster of its own, each taking the
 * next case from one queue in the tier's order. Most of a variant's time on a cluster is waiting (pods starting, DNS
 * caches expiring), so a second cluster on the same cores runs about as many variants again in the same time. Each case's
 * outcome (the exception it threw, if any) is kept until its test asks for it with {@link #await}, so that each case
 * still passes, fails or is skipped on its own, in the tier's order.
 *
 * <p>The first lane's cluster is started by the caller before (its failure is the tier's setup failure); the others
 * start in their workers, while the first lane already runs cases. A lane that does not start leaves its cases to the
 * others. {@link #close} stops the workers and closes the clusters the lanes started, not the first.
 *
 * @param <C> a lane's cluster
 * @param <T> a case
 */
public final class Lanes<C extends AutoCloseable, T> implements AutoCloseable {

    /** Starts the cluster of lane {@code lane} (2, 3, ...). */
    @FunctionalInterface
    public interface Starter<C> {
        C start(int lane) throws Exception;
    }

    /** Runs one case on one lane's cluster; what it throws is the case's outcome. */
    @FunctionalInterface
    public interface Task<C, T> {
        void run(C cluster, T item) throws Throwable;
    }

    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    private final ConcurrentLinkedQueue<T> queue;
    private final Map<T, CompletableFuture<Void>> outcomes = new LinkedHashMap<>();
    private final List<C> started = new ArrayList<>();
    private final ExecutorService workers;
    private final Consumer<String> log;
    /** Guarded by {@link #started}: a lane that finishes starting after close closes its cluster at once. */
    private boolean closed;

    /**
     * @param count how many lanes (at least one; no more than there are cases)
     * @param first the first lane's cluster, already started
     */
    public Lanes(List<T> items, int count, C first, Starter<C> starter, Task<C, T> task, Consumer<String> log) {
        if (count < 1) {
            throw new IllegalArgumentException("lanes: " + count + ", expected at least 1");
        }
        Objects.requireNonNull(first, "first");
        this.log = log;
        this.queue = new ConcurrentLinkedQueue<>(items);
        items.forEach(item -> outcomes.put(item, new CompletableFuture<>()));
        int lanes = Math.max(1, Math.min(count, items.size()));
        this.workers = Executors.newFixedThreadPool(lanes, runnable -> {
            Thread thread = new Thread(runnable, "lane");
            thread.setDaemon(true);
            return thread;
        });
        workers.submit(() -> work(1, first, task));
        for (int lane = 2; lane <= lanes; lane++) {
            int number = lane;
            workers.submit(() -> startAndWork(number, starter, task));
        }
    }

    private void startAndWork(int lane, Starter<C> starter, Task<C, T> task) {
        C cluster;
        try {
            cluster = starter.start(lane);
        } catch (Exception | Error e) {
            log.accept("[lanes] lane " + lane + " did not start, its cases go to the other lanes: " + e);
            return;
        }
        synchronized (started) {
            if (closed) {
                closeQuietly(cluster);
                return;
            }
            started.add(cluster);
        }
        work(lane, cluster, task);
    }

    /** Each case says on which lane it runs (the task's phases are labelled with it), so nothing is logged here. */
    private void work(int lane, C cluster, Task<C, T> task) {
        Thread.currentThread().setName("lane-" + lane);
        // Not the thread's interrupt flag: a case that was interrupted may have cleared it on its way out.
        while (!workers.isShutdown()) {
            T item = queue.poll();
            if (item == null) {
                return;
            }
            try {
                task.run(cluster, item);
                outcomes.get(item).complete(null);
            } catch (Throwable outcome) {
                outcomes.get(item).completeExceptionally(outcome);
            }
        }
    }

    /**
     * Waits for a case's outcome and rethrows what it threw (an assertion, an abort), so that the calling test case ends
     * as the case did.
     */
    public void await(T item, Duration bound) throws Throwable {
        CompletableFuture<Void> outcome = outcomes.get(item);
        if (outcome == null) {
            throw new IllegalArgumentException("not a case of these lanes: " + item);
        }
        try {
            outcome.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("case " + item + " did not end within " + bound.toMinutes() + " minutes of waiting for it");
        }
    }

    /** Stops the workers (a case still running is interrupted), fails the cases never run, closes the lanes it started. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                log.accept("[lanes] workers still running " + STOP_BOUND.toSeconds() + " s after the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outcomes.forEach((item, outcome) -> outcome.completeExceptionally(new IllegalStateException("case " + item + " was not run: the lanes were closed")));
        List<C> toClose;
        synchronized (started) {
            closed = true;
            toClose = List.copyOf(started);
        }
        toClose.forEach(this::closeQuietly);
    }

    private void closeQuietly(C cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            log.accept("[lanes] closing " + cluster + " failed: " + e);
        }
    }
}
