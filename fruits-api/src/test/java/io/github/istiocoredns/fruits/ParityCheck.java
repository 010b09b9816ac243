package io.github.istiocoredns.fruits;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.http.impl.client.AbstractHttpClient;
import org.apache.http.impl.client.DefaultHttpClient;
import org.apache.http.impl.client.DefaultHttpRequestRetryHandler;
import org.assertj.core.api.SoftAssertions;

/**
 * Sends one {@link ParityCase} to a server and checks the answer: status, exact body, exact
 * headers, patterned headers, absent headers. Starts nothing: the caller owns the server.
 */
public final class ParityCheck {

    /** Every request gives up after these, so a hanging server fails the row instead of the build. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 15_000;

    private ParityCheck() {
    }

    /** An answer, whichever client fetched it. Header names are case-insensitive. */
    public record Answer(int status, String body, Map<String, List<String>> headers) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        static Answer of(Response response) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.getHeaders().forEach(h -> headers.computeIfAbsent(h.getName(), n -> new ArrayList<>()).add(h.getValue()));
            return new Answer(response.statusCode(), response.asString(), headers);
        }
    }

    /**
     * Sends the row's request as is: path not re-encoded, method as written. rest-assured does it,
     * except for two kinds of target that go over a raw socket: those that are no valid URI (bad
     * escapes, which rest-assured refuses) and those with doubled slashes (which rest-assured
     * collapses before sending, so the row would not test what it says).
     */
    public static Answer send(URI baseUri, ParityCase row) {
        if (!isValidUri(baseUri + row.path()) || row.path().contains("//")) {
            return RawHttp.exchange(baseUri, row.method(), row.path(), row.requestHeaders(), CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
        }
        return Answer.of(sendWithRestAssured(baseUri, row));
    }

    private static boolean isValidUri(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Response sendWithRestAssured(URI baseUri, ParityCase row) {
        return RestAssured.given()
                .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .httpClientFactory(ParityCheck::singleShotClient)
                        .setParam("http.connection.timeout", CONNECT_TIMEOUT_MS)
                        .setParam("http.socket.timeout", READ_TIMEOUT_MS)))
                .baseUri(baseUri.toString())
                .urlEncodingEnabled(false)
                .headers(row.requestHeaders())
                .request(row.method(), row.path());
    }

    /** Sends the row and asserts every expectation, reporting all mismatches of the row at once. */
    public static void verify(URI baseUri, ParityCase row) {
        assertMatches(row, send(baseUri, row));
    }

    public static void assertMatches(ParityCase row, Answer answer) {
        SoftAssertions soft = new SoftAssertions();
        String where = row.method() + " " + abbreviate(row.path()) + " (" + row.name() + ")";
        soft.assertThat(answer.status()).as("%s: status", where).isEqualTo(row.status());
        soft.assertThat(answer.body()).as("%s: body", where).isEqualTo(row.body());
        for (Map.Entry<String, String> header : row.headers().entrySet()) {
            soft.assertThat(answer.header(header.getKey())).as("%s: header %s", where, header.getKey())
                    .isEqualTo(header.getValue());
        }
        for (Map.Entry<String, Pattern> header : row.headerPatterns().entrySet()) {
            soft.assertThat(answer.header(header.getKey())).as("%s: header %s", where, header.getKey())
                    .isNotNull().matches(header.getValue());
        }
        for (String absent : row.absentHeaders()) {
            soft.assertThat(answer.header(absent)).as("%s: header %s must be absent", where, absent).isNull();
        }
        soft.assertAll();
    }

    /**
     * Apache HttpClient retries a GET up to three times when the connection drops before an
     * answer; a row must see the first answer, so retries are off.
     */
    @SuppressWarnings("deprecation") // rest-assured 6 still builds on HttpClient 4's AbstractHttpClient
    private static AbstractHttpClient singleShotClient() {
        DefaultHttpClient client = new DefaultHttpClient();
        client.setHttpRequestRetryHandler(new DefaultHttpRequestRetryHandler(0, false));
        return client;
    }

    private static String abbreviate(String path) {
        return path.length() <= 120 ? path : path.substring(0, 120) + "...(" + path.length() + " chars)";
    }
}
