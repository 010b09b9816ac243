package io.github.istiocoredns.e2e.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.TestProject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/local-node's command line, where it needs no node: what a user sees first. */
class LocalNodeScriptTest {

    private static final String SCRIPT = TestProject.file("scripts/local-node").toString();

    @Test
    void helpNamesEveryCommand() {
        ScriptRun help = ScriptRun.run(Map.of(), "bash", SCRIPT, "help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("check", "up", "import", "status", "down", "--dir");
    }

    @Test
    void anUnknownCommandIsRefusedWithItsName() {
        ScriptRun run = ScriptRun.run(Map.of(), "bash", SCRIPT, "start");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("unknown command 'start'");
    }

    @Test
    void importWithoutARunningNodeSaysHowToStartOne(@TempDir Path directory) {
        ScriptRun run = ScriptRun.run(Map.of(), "bash", SCRIPT, "import", "--dir", directory.toString(), "busybox:1=busybox:1");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("does not run in " + directory, "scripts/local-node up --dir");
    }

    @Test
    void downWhereNoNodeRanChangesNothing(@TempDir Path directory) {
        ScriptRun run = ScriptRun.run(Map.of(), "bash", SCRIPT, "down", "--dir", directory.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("nothing to stop");
    }

    @Test
    void statusListsEveryProcess(@TempDir Path directory) {
        ScriptRun run = ScriptRun.run(Map.of(), "bash", SCRIPT, "status", "--dir", directory.toString());

        assertThat(run.stdout()).contains("etcd", "kube-apiserver", "containerd", "kube-controller-manager", "kube-scheduler", "kube-proxy",
                "kubelet").contains("not running");
    }

    @Test
    void aServiceRangeItCannotUseIsRefusedBeforeAnythingStarts(@TempDir Path directory) {
        ScriptRun run = ScriptRun.run(Map.of(), "bash", SCRIPT, "up", "--dir", directory.toString(), "--service-cidr", "10.43.0.1/16");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("--service-cidr '10.43.0.1/16'", "e.g. 10.43.0.0/16");
    }

    @Test
    void aServiceRangeGoesOnlyWithUp(@TempDir Path directory) {
        ScriptRun run = ScriptRun.run(Map.of(), "bash", SCRIPT, "down", "--dir", directory.toString(), "--service-cidr", "10.43.0.0/16");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("--service-cidr goes with up");
    }
}
