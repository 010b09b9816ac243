package io.github.istiocoredns.e2e.scenario;

/** How one phase of one step ended. */
public enum StepOutcome {
    /** Done (applied, undone) or, for a check, passed. */
    DONE,
    /** The API server refused the object as invalid (HTTP 422 or 400); the message is the server's. */
    REJECTED,
    /** Anything else went wrong, or a check found the cluster not as intended. */
    FAILED,
    /** Not run because an earlier step was rejected or failed. */
    NOT_RUN
}
