package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's plain {@code ./mvnw verify} works on a machine without a registry, without settings exported first:
 * Ryuk and the start-up checks (the Docker Hub images no one builds here) are off for every test JVM, and .ci/run, which runs that command in
 * CI, exports nothing either, so that CI goes the way a user does.
 */
class PlainCommandTest {

    private static final Pattern PLUGIN = Pattern.compile("<artifactId>(maven-surefire-plugin|maven-failsafe-plugin)</artifactId>(.*?)</plugin>",
            Pattern.DOTALL);

    @Test
    void bothTestPluginsRunWithoutRyukUnlessAskedFor() {
        String pom = TestProject.read("pom.xml");
        Matcher plugin = PLUGIN.matcher(pom);
        int seen = 0;
        while (plugin.find()) {
            assertThat(plugin.group(2)).as(plugin.group(1) + " in the parent pom's pluginManagement")
                    .contains("<TESTCONTAINERS_RYUK_DISABLED>${testcontainers.ryuk.disabled}</TESTCONTAINERS_RYUK_DISABLED>")
                    .contains("<TESTCONTAINERS_CHECKS_DISABLE>${testcontainers.checks.disabled}</TESTCONTAINERS_CHECKS_DISABLE>");
            seen++;
        }
        assertThat(seen).as("surefire and failsafe configured").isEqualTo(2);
        assertThat(pom).contains("<testcontainers.ryuk.disabled>true</testcontainers.ryuk.disabled>")
                .contains("<testcontainers.checks.disabled>true</testcontainers.checks.disabled>");
    }

    @Test
    void thisTestJvmRunsWithoutRyuk() {
        // A -D on the Maven command line reaches this JVM as a system property too.
        String asked = System.getProperty("testcontainers.ryuk.disabled", "true");
        assertThat(System.getenv("TESTCONTAINERS_RYUK_DISABLED")).as("set by the pom for the forked test JVM (run through Maven)").isEqualTo(asked);
    }

    @Test
    void ciRunStartsDockerWithABridgeGatewaySoThatTestcontainersNeedsNoHelperContainer() {
        assertThat(TestProject.read(ScriptsDefaults.CI_RUN)).contains("dockerd --bip=\"$DOCKER_BRIDGE_IP\"")
                .contains("DOCKER_BRIDGE_IP=\"${DOCKER_BRIDGE_IP:-172.17.0.1/16}\"");
    }

    @Test
    void ciRunExportsNoTestcontainersSetting() {
        String ciRun = TestProject.read(ScriptsDefaults.CI_RUN);

        assertThat(ciRun).doesNotContainPattern("export\\s+TESTCONTAINERS_").doesNotContain("TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX=");
    }
}
