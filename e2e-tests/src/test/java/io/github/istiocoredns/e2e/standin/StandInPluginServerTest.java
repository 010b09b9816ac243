package io.github.istiocoredns.e2e.standin;

import static io.github.istiocoredns.e2e.standin.ServiceEntryRecordsTest.dns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The stand-in over real gRPC on loopback, called the way CoreDNS's grpc plugin calls the plugin. */
class StandInPluginServerTest {

    private static final ServiceEntryRecords MY_FRUITS = ServiceEntryRecords.from(List.of(
            dns("my-fruits.internal").addresses("10.103.1.1").build()));

    private StandInPluginServer server;
    private ManagedChannel channel;

    @BeforeEach
    void startServerAndChannel() {
        server = new StandInPluginServer(InetAddress.getLoopbackAddress()).withRecords(MY_FRUITS).start();
        channel = NettyChannelBuilder.forAddress(server.address()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void answersTheQueryMethodOfCorednsDnsService() throws IOException {
        Message response = query("my-fruits.internal.", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getSection(Section.ANSWER)).map(PluginAnswersTest::text)
                .containsExactly("my-fruits.internal. 3600 IN A 10.103.1.1");
        assertThat(server.queriesServed()).isEqualTo(1);
    }

    @Test
    void replacedRecordsApplyToTheNextQuery() throws IOException {
        assertThat(query("my-fruits.internal.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);

        server.replaceRecords(ServiceEntryRecords.empty());

        assertThat(query("my-fruits.internal.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        server.replaceRecords(MY_FRUITS);
        assertThat(query("my-fruits.internal.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void anUnparsableQueryFailsTheCallWithUnknown() {
        BytesValue garbage = BytesValue.newBuilder().setValue(ByteString.copyFrom(new byte[] {1, 2, 3})).build();

        assertThatThrownBy(() -> call(garbage))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
                    assertThat(e.getStatus().getDescription()).startsWith("failed to unmarshall dns query");
                });
    }

    @Test
    void listensOnlyWhereItIsTold() {
        assertThat(server.address().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(server.address().getPort()).isPositive();
        assertThat(server.hostAndPort()).isEqualTo("127.0.0.1:" + server.address().getPort());
    }

    private Message query(String name, int type) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        BytesValue response = call(BytesValue.newBuilder().setValue(ByteString.copyFrom(query.toWire())).build());
        return new Message(response.getValue().toByteArray());
    }

    private BytesValue call(BytesValue request) {
        return ClientCalls.blockingUnaryCall(channel, DnsServiceProtocol.QUERY,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), request);
    }
}
