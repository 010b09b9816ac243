package io.github.istiocoredns.e2e;

import java.util.function.Supplier;

/** Runs a piece of a test with one system property set (or cleared), and puts back what was there, also on failure. */
public final class SystemProperties {

    private SystemProperties() {
    }

    /** @param value the value for the length of the call, or null to clear the property */
    public static <T> T with(String key, String value, Supplier<T> call) {
        String before = System.getProperty(key);
        set(key, value);
        try {
            return call.get();
        } finally {
            set(key, before);
        }
    }

    /** Sets the property, or clears it for null. */
    public static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
