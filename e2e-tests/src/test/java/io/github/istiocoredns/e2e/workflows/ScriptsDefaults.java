package io.github.istiocoredns.e2e.workflows;

import io.github.istiocoredns.e2e.TestProject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values the project's shell scripts define, read from the scripts themselves so that the workflows cannot drift. */
final class ScriptsDefaults {

    static final String COMMON = "scripts/lib/common.sh";
    static final String CI_RUN = ".ci/run";

    private static final Pattern MIRROR_PREFIX = Pattern.compile("(?m)^MIRROR_PREFIX=\"\\$\\{MIRROR_PREFIX:-([^}]*)}\"");
    private static final Pattern MAVEN_TEST_COMMAND = Pattern.compile("(?m)^MAVEN_TEST_COMMAND=\"([^\"]*)\"");

    private ScriptsDefaults() {
    }

    /** The prefix scripts/offline-images tags its images with, e.g. mirror.local/. */
    static String mirrorPrefix() {
        return single(MIRROR_PREFIX, COMMON, "MIRROR_PREFIX=\"${MIRROR_PREFIX:-...}\"");
    }

    /** The command .ci/run runs after its preparation. */
    static String ciTestCommand() {
        return single(MAVEN_TEST_COMMAND, CI_RUN, "MAVEN_TEST_COMMAND=\"...\"");
    }

    private static String single(Pattern pattern, String file, String expectedForm) {
        Matcher matcher = pattern.matcher(TestProject.read(file));
        if (!matcher.find()) {
            throw new AssertionError(file + ": no line of the form " + expectedForm);
        }
        String value = matcher.group(1);
        if (matcher.find()) {
            throw new AssertionError(file + ": more than one line of the form " + expectedForm);
        }
        return value;
    }
}
