package io.github.istiocoredns.e2e.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A tier's conformance matrix: one row per case, rendered as Markdown (for people and CI logs) and JSON (for tools),
 * with the tier's wall time and verdict counts. Pure rendering: the rows are given, nothing is run here.
 *
 * <pre>{@code
 * ConformanceReport report = new ConformanceReport("corefile", List.of("Corefile", "CoreDNS"), rows, wallTime, Instant.now());
 * report.writeTo(Path.of("target/conformance"), "corefile-matrix");   // corefile-matrix.md and .json
 * }</pre>
 */
public final class ConformanceReport {

    private final String tier;
    private final List<String> setupColumns;
    private final List<ReportRow> rows;
    private final Duration wallTime;
    private final Instant finished;
    private final List<ReportPhase> phases;

    public ConformanceReport(String tier, List<String> setupColumns, List<ReportRow> rows, Duration wallTime, Instant finished) {
        this(tier, setupColumns, rows, wallTime, finished, List.of());
    }

    private ConformanceReport(String tier, List<String> setupColumns, List<ReportRow> rows, Duration wallTime, Instant finished,
            List<ReportPhase> phases) {
        this.phases = List.copyOf(phases);
        this.tier = Objects.requireNonNull(tier, "tier");
        this.setupColumns = List.copyOf(setupColumns);
        this.rows = List.copyOf(rows);
        this.wallTime = Objects.requireNonNull(wallTime, "wallTime");
        this.finished = Objects.requireNonNull(finished, "finished");
        for (ReportRow row : this.rows) {
            if (row.setup().size() != this.setupColumns.size()) {
                throw new IllegalArgumentException("row " + row.caseId() + " has " + row.setup().size() + " setup values for "
                        + this.setupColumns.size() + " setup columns " + this.setupColumns);
            }
        }
    }

    /** The same report with the run's phase timings, rendered after the matrix (Markdown) and under "phases" (JSON). */
    public ConformanceReport withPhases(List<ReportPhase> runPhases) {
        return new ConformanceReport(tier, setupColumns, rows, wallTime, finished, runPhases);
    }

    public List<ReportRow> rows() {
        return rows;
    }

    /** Verdict label -> number of rows, in verdict order, only verdicts that occur. */
    public Map<Verdict, Long> counts() {
        return rows.stream().collect(Collectors.groupingBy(ReportRow::verdict, () -> new TreeMap<>(), Collectors.counting()));
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(tier).append(" tier: conformance matrix\n\n");
        out.append(summaryLine()).append("\n\n");
        List<String> header = new ArrayList<>(List.of("variant"));
        header.addAll(setupColumns);
        header.addAll(List.of("expected (basis)", "observed", "verdict", "evidence", "duration"));
        out.append(tableRow(header)).append(tableRow(header.stream().map(column -> "---").toList()));
        for (ReportRow row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.caseId()));
            cells.addAll(row.setup());
            cells.addAll(List.of(row.expected() + " (" + row.basis() + ")", row.observed(), row.verdict().label(),
                    row.evidence(), row.duration().toMillis() + " ms"));
            out.append(tableRow(cells));
        }
        if (!phases.isEmpty()) {
            out.append("\n## Phases\n\n").append(tableRow(List.of("phase", "duration"))).append(tableRow(List.of("---", "---")));
            phases.forEach(phase -> out.append(tableRow(List.of(phase.name(), phase.durationText()))));
        }
        return out.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("tier", tier);
        root.put("finished", finished.toString());
        root.put("wallTimeMillis", wallTime.toMillis());
        ObjectNode counts = root.putObject("counts");
        counts().forEach((verdict, count) -> counts.put(verdict.label(), count));
        ArrayNode array = root.putArray("rows");
        for (ReportRow row : rows) {
            ObjectNode node = array.addObject();
            node.put("variant", row.caseId());
            ObjectNode setup = node.putObject("setup");
            for (int i = 0; i < setupColumns.size(); i++) {
                setup.put(setupColumns.get(i), row.setup().get(i));
            }
            node.put("expected", row.expected());
            node.put("basis", row.basis());
            node.put("observed", row.observed());
            node.put("verdict", row.verdict().label());
            node.put("evidence", row.evidence());
            node.put("durationMillis", row.duration().toMillis());
        }
        ArrayNode phaseArray = root.putArray("phases");
        for (ReportPhase phase : phases) {
            ObjectNode node = phaseArray.addObject();
            node.put("name", phase.name());
            node.put("durationMillis", phase.duration().toMillis());
            node.put("completed", phase.completed());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the " + tier + " report as JSON", e);
        }
    }

    /** Writes {@code <baseName>.md} and {@code <baseName>.json} into {@code directory} (created if needed). */
    public List<Path> writeTo(Path directory, String baseName) {
        Path markdown = directory.resolve(baseName + ".md");
        Path json = directory.resolve(baseName + ".json");
        try {
            Files.createDirectories(directory);
            Files.writeString(markdown, markdown(), StandardCharsets.UTF_8);
            Files.writeString(json, json(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + tier + " report to " + directory.toAbsolutePath(), e);
        }
        return List.of(markdown, json);
    }

    private String summaryLine() {
        String counts = counts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", "));
        return rows.size() + " cases (" + (counts.isEmpty() ? "none" : counts) + "); tier wall time " + wallTime.toMillis()
                + " ms; finished " + finished;
    }

    private static String tableRow(List<String> cells) {
        return cells.stream().map(ConformanceReport::cell).collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    // A cell is one line of a Markdown table: pipes escaped, line breaks as <br>.
    private static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return text.strip().replace("|", "\\|").replaceAll("\\R", "<br>");
    }
}
