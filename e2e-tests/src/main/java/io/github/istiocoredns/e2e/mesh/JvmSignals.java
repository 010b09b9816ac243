package io.github.istiocoredns.e2e.mesh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Keeps the JVM's own handlers for SIGINT, SIGTERM and SIGHUP, which run the shutdown hooks (and so the suite's
 * restore of a user's kube-dns, RestoreGuard) on Ctrl-C or a CI cancel. helm-java's native library is a Go c-shared
 * library whose install path calls Go's signal.Notify for SIGINT/SIGTERM/SIGQUIT: the Go runtime then replaces the
 * process's OS-level handlers and never gives them back (manusa/helm-java issue 409, fix proposed in pull request 411,
 * not in 0.0.15). Re-registering the JVM's Java-level handlers makes the JVM install its OS-level handler again.
 */
public final class JvmSignals {

    static final List<String> SHUTDOWN_SIGNALS = List.of("INT", "TERM", "HUP");
    private static final Map<String, SignalHandler> JVM_HANDLERS = captureJvmHandlers();

    private JvmSignals() {
    }

    /** Runs a helm-java call and puts the JVM's signal handlers back afterwards, also when it fails. */
    public static <T> T restoringHandlers(Supplier<T> nativeCall) {
        try {
            return nativeCall.get();
        } finally {
            reinstall();
        }
    }

    /** Re-registers the JVM's own handler for each shutdown signal, which re-installs it at the OS level. */
    static void reinstall() {
        JVM_HANDLERS.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
    }

    /**
     * The JVM's handlers as they were before any native library ran (read by swapping in a placeholder and back: the
     * Java API gives a handler only in exchange for another).
     */
    private static Map<String, SignalHandler> captureJvmHandlers() {
        Map<String, SignalHandler> handlers = new LinkedHashMap<>();
        for (String name : SHUTDOWN_SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler original = Signal.handle(signal, SignalHandler.SIG_DFL);
                Signal.handle(signal, original);
                handlers.put(name, original);
            } catch (IllegalArgumentException notHandledByThisJvm) {
                // -Xrs, or a platform without this signal: nothing of the JVM's to keep.
            }
        }
        return Map.copyOf(handlers);
    }
}
