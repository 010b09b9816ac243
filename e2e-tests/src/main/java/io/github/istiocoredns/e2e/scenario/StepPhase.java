package io.github.istiocoredns.e2e.scenario;

/** The phases of a scenario run, in order. */
public enum StepPhase {
    /** apply, then check. */
    SETUP,
    /** undo, in reverse order of setup. */
    RESTORE,
    /** checkUndone, right after the step's undo. */
    RESTORE_CHECK
}
