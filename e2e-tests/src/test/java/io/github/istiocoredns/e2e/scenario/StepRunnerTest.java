package io.github.istiocoredns.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.istiocoredns.e2e.scenario.FakeSteps.Behaviour;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepRunnerTest {

    private final FakeSteps fake = new FakeSteps();
    private final List<String> announced = new ArrayList<>();
    private final StepRunner runner = new StepRunner(FakeSteps.cluster(), announced::add);

    @Test
    void appliesInOrderThenUndoesInReverseCheckingEachUndo() {
        ScenarioResult result = runner.run("ok", List.of(fake.step("a", Behaviour.WORKS), fake.step("b", Behaviour.WORKS)));

        assertThat(fake.journal).containsExactly("apply a", "check a", "apply b", "check b", "undo b", "checkUndone b", "undo a",
                "checkUndone a");
        assertThat(result.applied()).isTrue();
        assertThat(result.restored()).isTrue();
        assertThat(result.rejection()).isEmpty();
        assertThat(result.in(StepPhase.SETUP)).extracting(StepRecord::step).containsExactly("a", "b");
    }

    @Test
    void undoChecksThatMayWaitRunAfterTheLastUndoSoTheirWaitsOverlap() {
        ScenarioResult result = runner.run("namespaces", List.of(fake.step("ns-a", Behaviour.CHECKED_LAST), fake.step("obj", Behaviour.WORKS),
                fake.step("ns-b", Behaviour.CHECKED_LAST)));

        assertThat(fake.journal.subList(6, fake.journal.size())).containsExactly("undo ns-b", "undo obj", "checkUndone obj", "undo ns-a",
                "checkUndone ns-b", "checkUndone ns-a");
        assertThat(result.restored()).isTrue();
    }

    @Test
    void saysWhatWillChangeBeforeAnythingChanges() {
        runner.run("announce", List.of(fake.step("a", Behaviour.WORKS), fake.step("b", Behaviour.WORKS)));

        assertThat(announced.get(0)).contains("will change fake in 2 steps");
        assertThat(announced.subList(1, 3)).containsExactly("[scenario announce]   - change a", "[scenario announce]   - change b");
    }

    @Test
    void aRejectionStopsSetupKeepsTheServersMessageAndStillRestoresWhatWasAttempted() {
        ScenarioResult result = runner.run("rejected", List.of(fake.step("a", Behaviour.WORKS), fake.step("svc", Behaviour.REJECTED),
                fake.step("c", Behaviour.WORKS)));

        assertThat(fake.journal).containsExactly("apply a", "check a", "apply svc", "undo svc", "checkUndone svc", "undo a", "checkUndone a");
        assertThat(result.rejection()).hasValueSatisfying(r -> {
            assertThat(r.step()).isEqualTo("svc");
            assertThat(r.message()).isEqualTo("HTTP 422: Service \"svc\" is invalid: provided IP is not in the valid range");
        });
        assertThat(result.in(StepPhase.SETUP)).extracting(StepRecord::outcome)
                .containsExactly(StepOutcome.DONE, StepOutcome.REJECTED, StepOutcome.NOT_RUN);
        assertThat(result.applied()).isFalse();
        assertThat(result.restored()).isTrue();
    }

    @Test
    void anExceptionOrAFailedCheckIsAFailureNotARejectionAndTheRestoreStillRuns() {
        ScenarioResult thrown = runner.run("throws", List.of(fake.step("a", Behaviour.WORKS), fake.step("b", Behaviour.THROWS)));
        assertThat(thrown.rejection()).isEmpty();
        assertThat(thrown.setupFailures()).singleElement().satisfies(r -> assertThat(r.message()).contains("broken b"));
        assertThat(fake.journal).contains("undo b", "undo a");

        fake.journal.clear();
        ScenarioResult checkFailed = runner.run("check", List.of(fake.step("a", Behaviour.CHECK_FAILS), fake.step("b", Behaviour.WORKS)));
        assertThat(checkFailed.setupFailures()).singleElement().satisfies(r -> assertThat(r.message()).contains("a not as intended"));
        assertThat(fake.journal).containsExactly("apply a", "check a", "undo a", "checkUndone a");
    }

    @Test
    void aRestoreCheckThatFindsADifferenceMakesTheRunUnrestored() {
        ScenarioResult result = runner.run("dirty", List.of(fake.step("a", Behaviour.WORKS), fake.step("cm", Behaviour.UNDO_NOT_VERIFIED)));

        assertThat(result.applied()).isTrue();
        assertThat(result.restored()).isFalse();
        assertThat(result.restoreProblems()).singleElement().satisfies(p -> assertThat(p).contains("cm differs from its backup"));
        assertThat(announced.get(announced.size() - 1)).contains("RESTORE NOT VERIFIED");
    }
}
