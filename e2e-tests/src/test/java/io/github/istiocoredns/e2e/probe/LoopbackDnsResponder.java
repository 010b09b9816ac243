package io.github.istiocoredns.e2e.probe;

import io.github.istiocoredns.e2e.standin.PluginAnswers;
import io.github.istiocoredns.e2e.standin.ServiceEntryRecords;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/** A DNS server on loopback (UDP and TCP) answering with the plugin's rules, for testing the probe without Docker. */
final class LoopbackDnsResponder implements AutoCloseable {

    private final ServiceEntryRecords records;
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    LoopbackDnsResponder(ServiceEntryRecords records) throws IOException {
        this.records = records;
        this.udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.tcp = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        daemon("udp", this::serveUdp);
        daemon("tcp", this::serveTcp);
    }

    InetSocketAddress udpEndpoint() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    InetSocketAddress tcpEndpoint() {
        return (InetSocketAddress) tcp.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] answer = PluginAnswers.answer(Arrays.copyOf(packet.getData(), packet.getLength()), records);
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException closedOrUnparsable) {
                // closed: the loop ends; unparsable: no answer, as a server that drops garbage
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket connection = tcp.accept()) {
                DataInputStream in = new DataInputStream(connection.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = PluginAnswers.answer(query, records);
                DataOutputStream out = new DataOutputStream(connection.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (IOException closedOrUnparsable) {
                // as above
            }
        }
    }

    private static void daemon(String name, Runnable loop) {
        Thread thread = new Thread(loop, "loopback-dns-" + name);
        thread.setDaemon(true);
        thread.start();
    }
}
