package io.github.istiocoredns.e2e.http;

/** dig and curl output as DiG 9.18 and curl 7.88 (Debian bookworm, the client image's) print it, for tests of the verdicts. */
public final class ClientOutput {

    public static final String AU = "{\"nectarine\":2.5,\"mandarin\":2.3,\"lemon\":1.1,\"kiwi\":2.6}";

    /** dig +noall +comments +answer +stats NAME A, with the header line's response code and the given answer lines. */
    public static String dig(String status, String... answers) {
        return ";; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: " + status + ", id: 51458\n"
                + ";; flags: qr aa rd; QUERY: 1, ANSWER: " + answers.length + ", AUTHORITY: 0, ADDITIONAL: 1\n\n"
                + ";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n"
                + (answers.length == 0 ? "" : ";; ANSWER SECTION:\n" + String.join("\n", answers) + "\n")
                + "\n;; Query time: 1 msec\n;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n;; WHEN: Mon Dec 07 03:57:28 UTC 2026\n;; MSG SIZE  rcvd: 59\n\n";
    }

    /** curl -s -D - -o - -w '\n%{http_code}': headers with CRLF, a blank line, the body, then the status line. */
    public static String curl(int status, String body, String... headers) {
        return "HTTP/1.1 " + status + " X\r\n" + String.join("\r\n", headers) + (headers.length == 0 ? "" : "\r\n") + "\r\n" + body + "\n" + status;
    }

    private ClientOutput() {
    }
}
