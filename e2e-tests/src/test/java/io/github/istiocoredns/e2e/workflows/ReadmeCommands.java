package io.github.istiocoredns.e2e.workflows;

import io.github.istiocoredns.e2e.TestProject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands README.md gives: its test command (the one fenced {@code ./mvnw verify} line) and the main job's
 * command (the test command with the e2e profile), which CI and the workflows must run exactly.
 */
final class ReadmeCommands {

    static final String README = "README.md";
    /** The Maven profile of the main job (k3s + Istio), which the README names. */
    static final String E2E_PROFILE = "e2e";

    private static final String TEST_COMMAND_START = "./mvnw verify";
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+#.*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");

    private ReadmeCommands() {
    }

    /** The fenced README line that runs {@code ./mvnw verify}, without its comment; exactly one must exist. */
    static String testCommand() {
        List<String> candidates = fencedCommands(TestProject.read(README)).stream().filter(command -> command.startsWith(TEST_COMMAND_START)).toList();
        if (candidates.size() != 1) {
            throw new AssertionError(README + ": expected exactly one fenced command line starting with '" + TEST_COMMAND_START
                    + "' (the test command), found " + candidates);
        }
        return candidates.get(0);
    }

    static String mainJobCommand() {
        return testCommand() + " -P" + E2E_PROFILE;
    }

    /** The command part of every line inside ``` fences. */
    static List<String> fencedCommands(String markdown) {
        List<String> commands = new ArrayList<>();
        boolean inFence = false;
        for (String line : markdown.lines().toList()) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
            } else if (inFence) {
                String command = TRAILING_COMMENT.matcher(line).replaceFirst("").strip();
                if (!command.isEmpty()) {
                    commands.add(command);
                }
            }
        }
        return commands;
    }

    /** Every `inline code` span of the text. */
    static List<String> inlineCode(String markdown) {
        List<String> spans = new ArrayList<>();
        Matcher matcher = INLINE_CODE.matcher(markdown);
        while (matcher.find()) {
            spans.add(matcher.group(1).strip());
        }
        return spans;
    }
}
