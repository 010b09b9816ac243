package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One JSON line per request on stdout, with method, raw path, status, duration and request id. */
class AccessLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile("[0-9a-f-]{36}");
    private static final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private static FruitsApp app;
    private static URI baseUri;

    @BeforeAll
    static void startServer() {
        StructuredLog.redirectTo(new PrintStream(captured, true, StandardCharsets.UTF_8));
        app = FruitsApp.create(AppSettings.forTests("1")).start();
        baseUri = URI.create("http://localhost:" + app.port());
    }

    @AfterAll
    static void stopServer() {
        app.javalin().stop();
        StructuredLog.redirectTo(System.out);
    }

    @Test
    void logsAHandledRequestWithItsRequestId() {
        ParityCheck.Answer answer = ParityCheck.send(baseUri, ParityTable.countryRows().get(0));
        JsonNode line = onlyLineWith("requestId", answer.header("Request-Id"));
        assertThat(line.get("type").asText()).isEqualTo("access");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("path").asText()).isEqualTo("/api/fruits/au");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(line.get("durationMs").asLong()).isNotNegative();
    }

    @Test
    void logsTheRawPathOfARouterError() {
        ParityCheck.send(baseUri, ParityCase.request("doubled slashes", "GET", "//nope//access-log"));
        JsonNode line = onlyLineWith("path", "//nope//access-log");
        assertThat(line.get("status").asInt()).isEqualTo(404);
        assertThat(line.get("requestId").asText()).matches(UUID);
    }

    @Test
    void logsRequestsThatJettyRejectsBeforeJavalin() {
        ParityCase oversized = ParityCase.request("oversized header", "GET", "/api/fruits/au?access-log")
                .withHeader("X-Big", "b".repeat(ParityTable.OVERSIZED_BYTES));
        assertThat(ParityCheck.send(baseUri, oversized).status()).isEqualTo(431);
        await("an access log line with status 431").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> lines().stream().anyMatch(line -> line.get("status").asInt() == 431));
    }

    /** Javalin logs after the answer is sent, so the line may come a moment after the answer. */
    private static JsonNode onlyLineWith(String field, String value) {
        await("an access log line with " + field + "=" + value).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> linesWith(field, value).size() == 1);
        return linesWith(field, value).get(0);
    }

    private static List<JsonNode> linesWith(String field, String value) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode line : lines()) {
            if (line.has(field) && line.get(field).asText().equals(value)) {
                matching.add(line);
            }
        }
        return matching;
    }

    private static List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!text.isBlank()) {
                try {
                    lines.add(JSON.readTree(text));
                } catch (JsonProcessingException e) {
                    throw new AssertionError("log line is not JSON: " + text, e);
                }
            }
        }
        return lines;
    }
}
