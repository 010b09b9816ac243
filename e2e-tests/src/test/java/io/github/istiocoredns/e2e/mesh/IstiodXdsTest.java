package io.github.istiocoredns.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
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

    @Test
    void theNameTableIsReadFieldByFieldAsIstiosNdsProtoDefinesIt() {
        // map<string, NameInfo> table = 1 (entries: key = 1, value = 2); NameInfo: ips = 1, registry = 2.
        ByteString info = UnknownFieldSet.newBuilder()
                .addField(1, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("10.103.1.1")).build())
                .addField(2, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("External")).build())
                .build().toByteString();
        ByteString entry = UnknownFieldSet.newBuilder()
                .addField(1, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("my-fruits.internal")).build())
                .addField(2, UnknownFieldSet.Field.newBuilder().addLengthDelimited(info).build())
                .build().toByteString();
        ByteString table = UnknownFieldSet.newBuilder().addField(1, UnknownFieldSet.Field.newBuilder().addLengthDelimited(entry).build())
                .build().toByteString();
        Any resource = Any.newBuilder().setTypeUrl("type.googleapis.com/istio.networking.nds.v1.NameTable").setValue(table).build();

        assertThat(IstiodXds.nameTableOf(List.of(resource))).containsExactly(Map.entry("my-fruits.internal", List.of("10.103.1.1")));
        assertThat(IstiodXds.nameTableOf(List.of())).isEmpty();
    }

    private static FilterChain chain(String name, Any filterConfig) {
        return FilterChain.newBuilder().setName(name).addFilters(Filter.newBuilder().setName("f").setTypedConfig(filterConfig)).build();
    }

    private static Any tcpProxy(String cluster) {
        return Any.pack(TcpProxy.newBuilder().setStatPrefix(cluster).setCluster(cluster).build());
    }
}
