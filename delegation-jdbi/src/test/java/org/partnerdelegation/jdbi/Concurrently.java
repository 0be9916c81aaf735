package org.partnerdelegation.jdbi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs workers on threads of their own, released together by a start latch, and never waits forever. */
final class Concurrently {

    private Concurrently() {
    }

    /**
     * Starts every worker on its own thread at the same moment and returns their results in order.
     *
     * @throws AssertionError when they have not all finished within {@code timeout} (a deadlock or a
     *                        hang), or when one threw; its exception is the cause
     */
    static <T> List<T> run(Duration timeout, List<? extends Callable<T>> workers) {
        ExecutorService threads = Executors.newFixedThreadPool(workers.size(), r -> {
            Thread t = new Thread(r, "race-worker");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch ready = new CountDownLatch(workers.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> worker : workers) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    start.await();
                    return worker.call();
                }));
            }
            if (!ready.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the workers did not start");
            }
            start.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    results.add(future.get(left, TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw new AssertionError("the workers did not finish within " + timeout + ": a deadlock or a hang", e);
                } catch (ExecutionException e) {
                    throw new AssertionError("a worker failed: " + e.getCause(), e.getCause());
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            threads.shutdownNow();
        }
    }
}
