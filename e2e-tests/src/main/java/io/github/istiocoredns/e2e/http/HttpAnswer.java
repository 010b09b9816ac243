package io.github.istiocoredns.e2e.http;

/**
 * What {@code curl -s -o - -w '\n%{http_code}' URL} printed in the client pod: the body, then a line with the status
 * ({@code 000} when no response came). curl's exit status says why there was none (6 name not resolved, 7 no
 * connection, 28 timeout, 52 empty reply, 56 connection reset).
 */
public record HttpAnswer(int status, String body, int curlExit) {

    public static HttpAnswer parse(ExecResult result) {
        if (!result.finished()) {
            return new HttpAnswer(0, "", -1);
        }
        String out = result.stdout();
        int lastBreak = out.lastIndexOf('\n');
        String statusText = (lastBreak < 0 ? out : out.substring(lastBreak + 1)).strip();
        String body = lastBreak < 0 ? "" : out.substring(0, lastBreak);
        int status = statusText.matches("\\d{3}") ? Integer.parseInt(statusText) : 0;
        return new HttpAnswer(status, body, result.exitCode());
    }

    /** A response with this status and exactly this body. */
    public boolean is(int expectedStatus, String expectedBody) {
        return status == expectedStatus && body.equals(expectedBody);
    }

    public boolean responded() {
        return status > 0;
    }

    @Override
    public String toString() {
        if (!responded()) {
            return "no HTTP response (" + reason() + ")";
        }
        return "HTTP " + status + " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
    }

    private String reason() {
        return switch (curlExit) {
            case -1 -> "curl did not finish";
            case 6 -> "curl exit 6: could not resolve host";
            case 7 -> "curl exit 7: could not connect";
            case 28 -> "curl exit 28: timed out";
            case 52 -> "curl exit 52: empty reply";
            case 56 -> "curl exit 56: connection reset";
            default -> "curl exit " + curlExit;
        };
    }
}
