package io.github.istiocoredns.e2e.catalog;

/** A variant's expected outcome in each tier that exercises it. */
public record Expectations(Corefile corefile, ApiServer apiserver, Cluster cluster) {

    /** @param errorLine for rejected-at-startup: the log line, with {corefile} standing for the Corefile's path */
    public record Corefile(CorefileOutcome outcome, String errorLine, Basis basis, String source) {

        public static final String COREFILE_PATH = "{corefile}";

        /** The expected log line for a Corefile read from {@code corefilePath}. */
        public String errorLineFor(String corefilePath) {
            return errorLine == null ? null : errorLine.replace(COREFILE_PATH, corefilePath);
        }
    }

    /** @param messageFragment for rejected: text the API server's message contains */
    public record ApiServer(ApiServerOutcome outcome, String messageFragment, Basis basis, String source) {
    }

    /** @param evidence what the tier must find (see {@link ClusterOutcome}) */
    public record Cluster(ClusterOutcome outcome, String evidence, Basis basis, String source) {
    }
}
