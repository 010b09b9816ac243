package io.github.istiocoredns.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IstiodXdsTest {

    @Test
    void theProxyIsASidecarOfItsNamespaceAsIstiodParsesNodeIds() {
        Node node = new IstiodXds.Proxy("10.244.0.250", "xds-probe", "mesh-client", Map.of("app", "xds-probe")).node();

        assertThat(node.getId()).isEqualTo("sidecar~10.244.0.250~xds-probe.mesh-client~mesh-client.svc.cluster.local");
        assertThat(node.getMetadata().getFieldsMap().get("NAMESPACE").getStringValue()).isEqualTo("mesh-client");
        assertThat(node.getMetadata().getFieldsMap().get("CLUSTER_ID").getStringValue()).isEqualTo("Kubernetes");
        assertThat(node.getMetadata().getFieldsMap().get("LABELS").getStructValue().getFieldsMap().get("app").getStringValue())
                .isEqualTo("xds-probe");
    }

    @Test
    void catchAllChainsAreTheTcpProxyClustersOfVirtualOutboundOnly() {
        Listener virtualOutbound = Listener.newBuilder().setName(IstiodXds.VIRTUAL_OUTBOUND)
                .setDefaultFilterChain(chain("", tcpProxy("PassthroughCluster")))
                .addFilterChains(chain("virtualOutbound-blackhole", tcpProxy("BlackHoleCluster")))
                .addFilterChains(chain(IstiodXds.CATCH_ALL_CHAIN, tcpProxy("BlackHoleCluster")))
                .addFilterChains(chain("http-only", Any.pack(HttpConnectionManager.newBuilder().setStatPrefix("x").build())))
                .build();
        Listener other = Listener.newBuilder().setName("0.0.0.0_80").addFilterChains(chain("x", tcpProxy("outbound|80||a"))).build();

        assertThat(IstiodXds.catchAllChains(List.of(other, virtualOutbound))).containsExactly(
                Map.entry("(default)", "PassthroughCluster"),
                Map.entry("virtualOutbound-blackhole", "BlackHoleCluster"),
                Map.entry(IstiodXds.CATCH_ALL_CHAIN, "BlackHoleCluster"));
        assertThat(IstiodXds.catchAllChains(List.of(other))).as("no virtualOutbound listener").isEmpty();
    }

    private static FilterChain chain(String name, Any filterConfig) {
        return FilterChain.newBuilder().setName(name).addFilters(Filter.newBuilder().setName("f").setTypedConfig(filterConfig)).build();
    }

    private static Any tcpProxy(String cluster) {
        return Any.pack(TcpProxy.newBuilder().setStatPrefix(cluster).setCluster(cluster).build());
    }
}
