package io.github.istiocoredns.e2e.workflows;

import io.github.istiocoredns.e2e.TestProject;
import java.util.ArrayList;
import java.util.List;
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

    private ReadmeCommands() {
    }

    /**
     * The fenced README line that runs {@code ./mvnw verify} without a profile, without its comment; exactly
     * one must exist (the main job's line, with the e2e profile, is the other one).
     */
    static String testCommand() {
        List<String> candidates = fencedCommands(TestProject.read(README)).stream()
                .filter(command -> command.startsWith(TEST_COMMAND_START) && !command.contains(" -P"))
                .toList();
        if (candidates.size() != 1) {
            throw new AssertionError(README + ": expected exactly one fenced command line starting with '" + TEST_COMMAND_START
                    + "' and naming no profile (the test command), found " + candidates);
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

}
