package io.github.istiocoredns.e2e.apiservertier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.istiocoredns.e2e.report.ConformanceReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The tier's matrix ({@link ConformanceReport}) with an environment section: versions and timings. */
final class ApiServerReport {

    private ApiServerReport() {
    }

    static List<Path> write(ConformanceReport report, Map<String, String> environment, Path directory, String baseName) {
        List<Path> written = report.writeTo(directory, baseName);
        try {
            StringBuilder markdown = new StringBuilder(report.markdown()).append("\n## Environment and timings\n\n");
            environment.forEach((key, value) -> markdown.append("- ").append(key).append(": ").append(value).append('\n'));
            Files.writeString(written.get(0), markdown.toString(), StandardCharsets.UTF_8);
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode json = (ObjectNode) mapper.readTree(report.json());
            ObjectNode env = json.putObject("environment");
            environment.forEach(env::put);
            Files.writeString(written.get(1), mapper.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the apiserver report to " + directory, e);
        }
    }

    static String markdown(Path written) {
        try {
            return Files.readString(written, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
