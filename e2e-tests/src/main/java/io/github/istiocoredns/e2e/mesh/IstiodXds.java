package io.github.istiocoredns.e2e.mesh;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks istiod, over its plaintext xDS port, for the configuration it would send a sidecar: the outbound clusters and
 * listeners Envoy would route with. Lets a check see how Istio turns a ServiceEntry into routes (or does not) where no
 * Envoy can run. Each question opens one ADS stream, takes istiod's first answer of that type and closes it.
 */
public final class IstiodXds implements AutoCloseable {

    /** istiod's plaintext xDS port (its chart's Service and container port). */
    public static final int PLAINTEXT_PORT = 15010;
    /** The listener a sidecar's outbound traffic without a listener of its own ends up in. */
    public static final String VIRTUAL_OUTBOUND = "virtualOutbound";
    /** Its chain for TCP traffic to an address no listener claims (istiod's name, seen on the local node). */
    public static final String CATCH_ALL_CHAIN = "virtualOutbound-catchall-tcp";
    private static final String TYPE_PREFIX = "type.googleapis.com/";
    private static final String NAME_TABLE_TYPE = TYPE_PREFIX + "istio.networking.nds.v1.NameTable";

    private final ManagedChannel channel;
    private final Duration timeout;

    private IstiodXds(ManagedChannel channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
    }

    /** @param host istiod's pod or Service address, reachable from here */
    public static IstiodXds connect(String host, int port, Duration timeout) {
        return new IstiodXds(NettyChannelBuilder.forAddress(host, port).usePlaintext().build(), timeout);
    }

    /**
     * A sidecar as istiod knows one: the node id's parts and the metadata istiod reads (namespace, labels, cluster, and
     * whether its agent answers DNS: ISTIO_META_DNS_CAPTURE reaches istiod as DNS_CAPTURE).
     *
     * @param ip the address the proxy claims; any unused pod address
     */
    public record Proxy(String ip, String podName, String namespace, Map<String, String> labels, boolean dnsCapture) {

        public Proxy(String ip, String podName, String namespace, Map<String, String> labels) {
            this(ip, podName, namespace, labels, false);
        }

        /** The same proxy with its agent's DNS proxying on, as client-dns-capture.yaml asks for its pod. */
        public Proxy withDnsCapture() {
            return new Proxy(ip, podName, namespace, labels, true);
        }

        Node node() {
            Struct.Builder labelStruct = Struct.newBuilder();
            labels.forEach((key, value) -> labelStruct.putFields(key, text(value)));
            Struct.Builder metadata = Struct.newBuilder()
                    .putFields("NAMESPACE", text(namespace))
                    .putFields("CLUSTER_ID", text("Kubernetes"))
                    .putFields("INTERCEPTION_MODE", text("REDIRECT"))
                    .putFields("NAME", text(podName))
                    .putFields("LABELS", Value.newBuilder().setStructValue(labelStruct).build());
            if (dnsCapture) {
                metadata.putFields("DNS_CAPTURE", text("true"));
            }
            return Node.newBuilder().setId("sidecar~" + ip + "~" + podName + "." + namespace + "~" + namespace + ".svc.cluster.local")
                    .setCluster(podName + "." + namespace).setMetadata(metadata).build();
        }

        private static Value text(String value) {
            return Value.newBuilder().setStringValue(value).build();
        }
    }

    public List<Cluster> clusters(Proxy proxy) {
        return fetch(proxy, Cluster.class, TYPE_PREFIX + "envoy.config.cluster.v3.Cluster");
    }

    public List<Listener> listeners(Proxy proxy) {
        return fetch(proxy, Listener.class, TYPE_PREFIX + "envoy.config.listener.v3.Listener");
    }

    /**
     * The names the proxy's agent would answer itself when it captures DNS, with their addresses (Istio's NameTable).
     * Its message type is Istio's, not Envoy's, so it is read field by field: {@code map<string, NameInfo> table = 1},
     * {@code NameInfo.ips = 1} (istio.io/istio pkg/dns/proto/nds.proto).
     */
    public Map<String, List<String>> nameTable(Proxy proxy) {
        return nameTableOf(fetchResponse(proxy, NAME_TABLE_TYPE).getResourcesList());
    }

    static Map<String, List<String>> nameTableOf(List<Any> resources) {
        Map<String, List<String>> table = new TreeMap<>();
        try {
            for (Any resource : resources) {
                for (ByteString entry : UnknownFieldSet.parseFrom(resource.getValue()).getField(1).getLengthDelimitedList()) {
                    UnknownFieldSet pair = UnknownFieldSet.parseFrom(entry);
                    String host = pair.getField(1).getLengthDelimitedList().get(0).toStringUtf8();
                    List<String> ips = new ArrayList<>();
                    for (ByteString info : pair.getField(2).getLengthDelimitedList()) {
                        UnknownFieldSet.parseFrom(info).getField(1).getLengthDelimitedList().forEach(ip -> ips.add(ip.toStringUtf8()));
                    }
                    table.put(host, ips);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("istiod sent a " + NAME_TABLE_TYPE + " that does not parse: " + e.getMessage(), e);
        }
        return table;
    }

    /**
     * The TCP proxy clusters of {@value #VIRTUAL_OUTBOUND}'s filter chains, by chain name (the default chain as
     * "(default)"): where traffic that matches no listener of its own goes.
     */
    public static Map<String, String> catchAllChains(List<Listener> listeners) {
        Map<String, String> chains = new LinkedHashMap<>();
        listeners.stream().filter(listener -> listener.getName().equals(VIRTUAL_OUTBOUND)).findFirst().ifPresent(listener -> {
            if (listener.hasDefaultFilterChain()) {
                tcpProxyCluster(listener.getDefaultFilterChain()).ifPresent(cluster -> chains.put("(default)", cluster));
            }
            for (FilterChain chain : listener.getFilterChainsList()) {
                tcpProxyCluster(chain).ifPresent(cluster -> chains.put(chain.getName(), cluster));
            }
        });
        return chains;
    }

    private static Optional<String> tcpProxyCluster(FilterChain chain) {
        return chain.getFiltersList().stream().filter(filter -> filter.getTypedConfig().is(TcpProxy.class)).findFirst()
                .map(IstiodXds::tcpProxyCluster);
    }

    private static String tcpProxyCluster(Filter filter) {
        try {
            return filter.getTypedConfig().unpack(TcpProxy.class).getCluster();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("istiod sent a tcp_proxy filter that does not parse: " + e.getMessage(), e);
        }
    }

    private <T extends com.google.protobuf.Message> List<T> fetch(Proxy proxy, Class<T> type, String typeUrl) {
        List<T> resources = new ArrayList<>();
        try {
            for (Any resource : fetchResponse(proxy, typeUrl).getResourcesList()) {
                resources.add(resource.unpack(type));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("istiod sent a " + typeUrl + " that does not parse: " + e.getMessage(), e);
        }
        return resources;
    }

    private DiscoveryResponse fetchResponse(Proxy proxy, String typeUrl) {
        CompletableFuture<DiscoveryResponse> answer = new CompletableFuture<>();
        StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
                .streamAggregatedResources(new StreamObserver<>() {
                    @Override
                    public void onNext(DiscoveryResponse response) {
                        if (response.getTypeUrl().equals(typeUrl)) {
                            answer.complete(response);
                        }
                    }

                    @Override
                    public void onError(Throwable error) {
                        answer.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new IllegalStateException("istiod closed the stream without answering " + typeUrl));
                    }
                });
        try {
            requests.onNext(DiscoveryRequest.newBuilder().setNode(proxy.node()).setTypeUrl(typeUrl).build());
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("istiod sent no " + typeUrl + " for " + proxy + " within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("istiod's xDS stream for " + proxy + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for istiod's " + typeUrl, e);
        } finally {
            requests.onCompleted();
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
