package io.github.istiocoredns.e2e.standin;

import com.google.protobuf.BytesValue;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * CoreDNS's DNS-over-gRPC protocol, which the plugin serves and CoreDNS's {@code grpc} plugin calls:
 * {@code service DnsService { rpc Query (DnsPacket) returns (DnsPacket); }} in package {@code coredns.dns}, with
 * {@code message DnsPacket { bytes msg = 1; }} (coredns/coredns {@code pb/dns.proto}).
 *
 * <p>{@code DnsPacket} has the same wire form as {@code google.protobuf.BytesValue} (one bytes field, number 1), so
 * BytesValue serves as its Java type and no code is generated.
 */
public final class DnsServiceProtocol {

    public static final String SERVICE_NAME = "coredns.dns.DnsService";

    /** The unary method {@code coredns.dns.DnsService/Query}. */
    public static final MethodDescriptor<BytesValue, BytesValue> QUERY = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Query"))
            .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .build();

    private DnsServiceProtocol() {
    }
}
