package io.github.istiocoredns.e2e.standin;

import com.google.protobuf.BytesValue;
import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A STAND-IN for the istio-coredns-plugin process: serves {@code coredns.dns.DnsService/Query} over plaintext gRPC
 * (HTTP/2 without TLS, as CoreDNS's {@code grpc} plugin and {@code proxy ... protocol grpc insecure} call it) and
 * answers with {@link PluginAnswers} from a record table that can be replaced at any time: the next query sees the
 * new table (the real plugin rebuilds its table every 5 s).
 *
 * <p>Unparsable queries fail the call with status UNKNOWN and the plugin's message, as a Go gRPC server does for a
 * plain error. Binds to the address it is given and nowhere else.
 */
public final class StandInPluginServer implements AutoCloseable {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private final InetSocketAddress bindAddress;
    private final AtomicReference<ServiceEntryRecords> records = new AtomicReference<>(ServiceEntryRecords.empty());
    private final AtomicLong queries = new AtomicLong();
    private Server server;

    /** A server for this address; port 0 picks a free one. Not started. */
    public StandInPluginServer(InetSocketAddress bindAddress) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    }

    /** A server on a free port of this address. Not started. */
    public StandInPluginServer(InetAddress bindAddress) {
        this(new InetSocketAddress(bindAddress, 0));
    }

    public StandInPluginServer withRecords(ServiceEntryRecords initialRecords) {
        replaceRecords(initialRecords);
        return this;
    }

    /** Takes effect for the next query (negative controls: replace with a table without the name). */
    public void replaceRecords(ServiceEntryRecords newRecords) {
        records.set(Objects.requireNonNull(newRecords, "newRecords"));
    }

    public ServiceEntryRecords records() {
        return records.get();
    }

    /** How many Query calls were answered (parsable or not): evidence that a chain reached the stand-in. */
    public long queriesServed() {
        return queries.get();
    }

    public synchronized StandInPluginServer start() {
        if (server != null) {
            return this;
        }
        Server built = NettyServerBuilder.forAddress(bindAddress).addService(serviceDefinition()).build();
        try {
            server = built.start();
        } catch (IOException e) {
            throw new UncheckedIOException("stand-in plugin server cannot listen on " + bindAddress + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The address and port actually listened on. */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("stand-in plugin server not started");
        }
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    /** {@code host:port}, the form a Corefile's {@code grpc} line takes. */
    public String hostAndPort() {
        InetSocketAddress address = address();
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        try {
            server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    private ServerServiceDefinition serviceDefinition() {
        return ServerServiceDefinition.builder(DnsServiceProtocol.SERVICE_NAME)
                .addMethod(DnsServiceProtocol.QUERY, ServerCalls.asyncUnaryCall(this::query))
                .build();
    }

    private void query(BytesValue request, StreamObserver<BytesValue> response) {
        queries.incrementAndGet();
        byte[] answer;
        try {
            answer = PluginAnswers.answer(request.getValue().toByteArray(), records.get());
        } catch (IOException | RuntimeException unparsable) {
            response.onError(Status.UNKNOWN
                    .withDescription("failed to unmarshall dns query: " + unparsable.getMessage())
                    .asRuntimeException());
            return;
        }
        response.onNext(BytesValue.newBuilder().setValue(ByteString.copyFrom(answer)).build());
        response.onCompleted();
    }

    @Override
    public String toString() {
        return "StandInPluginServer[" + (server == null ? bindAddress + ", not started" : hostAndPort()) + "]";
    }
}
