package io.github.istiocoredns.fruits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal HTTP/1.1 exchange over a socket, for request targets that no HTTP client library
 * sends as written: rest-assured (like java.net.URI) refuses {@code %ZZ} or {@code %u0041}, yet
 * these are exactly the bad inputs the service must answer. One request per connection
 * ({@code Connection: close}); reads are bounded by a socket timeout.
 */
final class RawHttp {

    private RawHttp() {
    }

    static ParityCheck.Answer exchange(URI baseUri, String method, String target, Map<String, String> headers,
                                       int connectTimeoutMs, int readTimeoutMs) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(baseUri.getHost(), baseUri.getPort()), connectTimeoutMs);
            socket.setSoTimeout(readTimeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(baseUri, method, target, headers).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("raw HTTP exchange " + method + " " + target + " with " + baseUri + " failed", e);
        }
    }

    private static String requestHead(URI baseUri, String method, String target, Map<String, String> headers) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(baseUri.getHost()).append(':').append(baseUri.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        return head.toString();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes(); // the server closes after the answer (Connection: close)
    }

    private static ParityCheck.Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IllegalStateException("no complete HTTP answer, got " + raw.length + " bytes: " + text);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        return new ParityCheck.Answer(status, new String(body, StandardCharsets.UTF_8), headers);
    }
}
