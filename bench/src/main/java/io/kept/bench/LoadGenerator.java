package io.kept.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives asynchronous operations in two ways.
 *
 * <ul>
 * <li><b>Open loop</b> at a constant rate: operation {@code i} is due at {@code t0 + i / rate}, whether or not
 * earlier ones have answered, and its latency counts from that intended start, so a stalled server shows
 * up in the percentiles instead of silently slowing the generator (no coordinated omission). In-flight
 * operations are capped; while the cap holds, sends are late and the lateness is part of the latency.</li>
 * <li><b>Closed loop</b> (maximum throughput): {@code concurrency} workers each start the next operation
 * as soon as the previous one answers; latency is the service time.</li>
 * </ul>
 *
 * An operation completes with the number of events it got accepted (0 for a refusal); an exceptional
 * completion is an error.
 */
final class LoadGenerator {

    private LoadGenerator() {
    }

    /** What one run measured. Latencies in microseconds. */
    record Stats(String mode, double intendedOpsPerSecond, long ops, long events, long errors, long unsent,
            double seconds, Histogram latencyMicros) {

        double opsPerSecond() {
            return ops / seconds;
        }

        double eventsPerSecond() {
            return events / seconds;
        }

        double millis(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        String line(String name) {
            return String.format("%-34s %-9s ops %8d  events/s %9.1f  err %6d  unsent %6d  p50 %8.2f  p99 %9.2f  "
                    + "p99.9 %9.2f  max %9.2f ms", name, mode, ops, eventsPerSecond(), errors, unsent, millis(50),
                    millis(99), millis(99.9), latencyMicros.getTotalCount() == 0 ? Double.NaN
                            : latencyMicros.getMaxValue() / 1000.0);
        }
    }

    static Histogram histogram() {
        return new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
    }

    /**
     * Starts operation {@code i} at {@code t0 + i / opsPerSecond} for {@code seconds}; operations not
     * started by the end (the generator could not keep up, the in-flight cap held) are counted as unsent.
     */
    static Stats openLoop(double opsPerSecond, double seconds, int maxInFlight, LongFunction<CompletableFuture<Integer>> op) {
        Histogram histogram = histogram();
        Semaphore inFlight = new Semaphore(maxInFlight);
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong ops = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        long total = (long) (opsPerSecond * seconds);
        double period = 1e9 / opsPerSecond;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long sent = 0;
        for (long i = 0; i < total; i++) {
            long intended = t0 + (long) (i * period);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!acquireUntil(inFlight, end)) {
                break;
            }
            sent++;
            CompletableFuture<Integer> f;
            try {
                f = op.apply(i);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((accepted, failure) -> {
                long now = System.nanoTime();
                histogram.recordValue(Math.max(0, (now - intended) / 1000));
                if (failure != null || accepted == null || accepted == 0) {
                    errors.incrementAndGet();
                } else {
                    events.addAndGet(accepted);
                }
                ops.incrementAndGet();
                lastDone.accumulateAndGet(now, Math::max);
                inFlight.release();
            });
        }
        drain(inFlight, maxInFlight);
        double elapsed = Math.max(lastDone.get(), end) - t0;
        return new Stats("open", opsPerSecond, ops.get(), events.get(), errors.get(), total - sent, elapsed / 1e9,
                histogram);
    }

    /** {@code concurrency} workers, each running its own sequence of operations back to back, for {@code seconds}. */
    static Stats closedLoop(int concurrency, double seconds, IntFunction<Supplier<CompletableFuture<Integer>>> workers) {
        return closedLoop(concurrency, seconds, workers, () -> false);
    }

    /** As above, also stopping once {@code finished} says so; an operation answering -1 is not counted. */
    static Stats closedLoop(int concurrency, double seconds, IntFunction<Supplier<CompletableFuture<Integer>>> workers,
            BooleanSupplier finished) {
        Histogram histogram = histogram();
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong ops = new AtomicLong();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        CompletableFuture<?>[] done = new CompletableFuture<?>[concurrency];
        for (int w = 0; w < concurrency; w++) {
            Supplier<CompletableFuture<Integer>> worker = workers.apply(w);
            CompletableFuture<Void> finishedWorker = new CompletableFuture<>();
            done[w] = finishedWorker;
            runNext(worker, end, finished, histogram, events, errors, ops, finishedWorker);
        }
        CompletableFuture.allOf(done).join();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Stats("closed", Double.NaN, ops.get(), events.get(), errors.get(), 0, elapsed, histogram);
    }

    private static void runNext(Supplier<CompletableFuture<Integer>> worker, long end, BooleanSupplier stop,
            Histogram histogram, AtomicLong events, AtomicLong errors, AtomicLong ops, CompletableFuture<Void> finished) {
        long start = System.nanoTime();
        if (start >= end || stop.getAsBoolean()) {
            finished.complete(null);
            return;
        }
        CompletableFuture<Integer> f;
        try {
            f = worker.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((accepted, failure) -> {
            if (accepted != null && accepted < 0) {
                finished.complete(null);
                return;
            }
            histogram.recordValue(Math.max(0, (System.nanoTime() - start) / 1000));
            if (failure != null || accepted == null || accepted == 0) {
                errors.incrementAndGet();
            } else {
                events.addAndGet(accepted);
            }
            ops.incrementAndGet();
            runNext(worker, end, stop, histogram, events, errors, ops, finished);
        });
    }

    private static boolean acquireUntil(Semaphore semaphore, long deadline) {
        try {
            long left = deadline - System.nanoTime();
            return left > 0 && semaphore.tryAcquire(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void drain(Semaphore semaphore, int permits) {
        try {
            if (!semaphore.tryAcquire(permits, 120, TimeUnit.SECONDS)) {
                System.err.println("bench: some operations did not answer within 120 s after the run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
