package io.github.istiocoredns.e2e.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which ServiceEntry a variant applies. */
public enum ServiceEntryForm {
    /** The article's, without ports (manifests/fruits-api/fruits-api-se.yml). */
    @JsonProperty("verbatim") VERBATIM,
    /** Corrected: declares port 80, http (manifests/fruits-api/fruits-api-se-with-ports.yaml). */
    @JsonProperty("with-ports") WITH_PORTS,
    /**
     * Corrected and written as Istio documents it today: its port names a targetPort, a field newer than the schema the
     * retired plugin reads (manifests/fruits-api/fruits-api-se-target-port.yaml).
     */
    @JsonProperty("todays-schema") TODAYS_SCHEMA
}
