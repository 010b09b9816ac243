package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether an expected outcome is still a reading of sources or has been seen by a tier. */
public enum Basis {
    /** Read from sources or reasoned; a tier has not confirmed it yet. */
    @JsonProperty("hypothesis") HYPOTHESIS,
    /** Seen by a tier; the source names the run or evidence. */
    @JsonProperty("observed") OBSERVED
}
