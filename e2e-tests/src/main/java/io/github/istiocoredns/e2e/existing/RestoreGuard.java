package io.github.istiocoredns.e2e.existing;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a restore once: at {@link #close} after a normal run, or from a JVM shutdown hook when the run is interrupted
 * (Ctrl-C, a CI cancel) before that. A user's kube-dns is never left changed because the suite was stopped.
 */
public final class RestoreGuard implements AutoCloseable {

    private final Runnable restore;
    private final AtomicBoolean done = new AtomicBoolean();
    private final Thread hook;

    private RestoreGuard(Runnable restore) {
        this.restore = restore;
        this.hook = new Thread(this::runOnce, "restore-existing-cluster");
    }

    /** Arms the guard: {@code restore} runs at the latest when the JVM exits. */
    public static RestoreGuard arm(Runnable restore) {
        RestoreGuard guard = new RestoreGuard(restore);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /** Whether the restore has run (by close or by the hook). */
    public boolean restored() {
        return done.get();
    }

    /** The restore was done another way (the normal path): the hook and close do nothing any more. */
    public void disarm() {
        done.set(true);
    }

    void runOnce() {
        if (done.compareAndSet(false, true)) {
            restore.run();
        }
    }

    /** Restores now, if not yet done, and disarms the hook. */
    @Override
    public void close() {
        try {
            runOnce();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Called from the hook's own shutdown: nothing left to disarm.
            }
        }
    }
}
