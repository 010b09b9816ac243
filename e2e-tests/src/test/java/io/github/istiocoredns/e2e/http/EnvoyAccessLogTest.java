package io.github.istiocoredns.e2e.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvoyAccessLogTest {

    /** As the client sidecar wrote them in the cluster tier (accessLogEncoding JSON), shortened to the fields read. */
    private static final String LOG = """
            2026-12-07T05:36:50.157591Z	info	Envoy proxy is ready
            {"request_id":"istiocoredns-1","route_name":"allow_any","upstream_cluster":"PassthroughCluster","response_code":200,"response_flags":"-","path":"/api/fruits/au"}
            {"request_id":"istiocoredns-2","route_name":"default","upstream_cluster":"outbound|80||my-fruits.internal","response_code":200,"response_flags":"-"}
            {"request_id":"istiocoredns-3","route_name":"block_all","upstream_cluster":"-","response_code":502,"response_flags":"-"}
            { not json, istiocoredns-4
            """;

    @Test
    void findsTheEntryOfOneRequestAndSaysWhichRouteAndClusterServedIt() {
        assertThat(EnvoyAccessLog.find(LOG, "istiocoredns-1")).hasValueSatisfying(entry -> {
            assertThat(entry.routeName()).isEqualTo("allow_any");
            assertThat(entry.upstreamCluster()).isEqualTo("PassthroughCluster");
            assertThat(entry.toString()).isEqualTo("Envoy: route allow_any to cluster PassthroughCluster (response 200)");
        });
        assertThat(EnvoyAccessLog.find(LOG, "istiocoredns-2")).get().extracting(EnvoyAccessLog::upstreamCluster)
                .isEqualTo("outbound|80||my-fruits.internal");
        assertThat(EnvoyAccessLog.find(LOG, "istiocoredns-3")).get().extracting(EnvoyAccessLog::responseCode).isEqualTo(502);
    }

    @Test
    void anIdNotYetLoggedOrALineThatIsNoJsonGivesNothing() {
        assertThat(EnvoyAccessLog.find(LOG, "istiocoredns-9")).isEmpty();
        assertThat(EnvoyAccessLog.find(LOG, "istiocoredns-4")).isEmpty();
    }
}
