package io.kept.eventstore.outbox;

import java.util.concurrent.locks.LockSupport;

/**
 * Wakes this process's outbox relay when a transaction commits, so an appended event is published
 * at once rather than at the relay's next look ({@code kept.outbox.poll-interval}, which remains
 * the longest wait for events appended by another replica while this one holds the lease).
 */
public final class OutboxWakeup {

    private static volatile Thread relay;

    private OutboxWakeup() {
    }

    /** A transaction that may have appended events has committed. Cheap: at most an unpark. */
    public static void committed() {
        Thread waiting = relay;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    static void register(Thread thread) {
        relay = thread;
    }

    static void unregister(Thread thread) {
        if (relay == thread) {
            relay = null;
        }
    }
}
