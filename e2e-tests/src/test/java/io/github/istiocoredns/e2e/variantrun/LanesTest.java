package io.github.istiocoredns.e2e.variantrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class LanesTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    /** A cluster that only remembers whether it was closed. */
    private static final class FakeCluster implements AutoCloseable {
        final String name;
        volatile boolean closed;

        FakeCluster(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Test
    void twoLanesRunCasesAtTheSameTimeEachOnItsOwnCluster() throws Throwable {
        FakeCluster first = new FakeCluster("k3s-1");
        List<FakeCluster> others = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch bothBusy = new CountDownLatch(2);
        Map<String, String> ranOn = new ConcurrentHashMap<>();
        try (Lanes<FakeCluster, String> lanes = new Lanes<>(List.of("a", "b", "c", "d"), 2, first, lane -> {
            FakeCluster cluster = new FakeCluster("k3s-" + lane);
            others.add(cluster);
            return cluster;
        }, (cluster, item) -> {
            bothBusy.countDown();
            // Only true when the other lane is running a case too.
            assertThat(bothBusy.await(5, TimeUnit.SECONDS)).as("the other lane runs a case meanwhile").isTrue();
            ranOn.put(item, cluster.name);
        }, log::add)) {
            for (String item : List.of("a", "b", "c", "d")) {
                lanes.await(item, BOUND);
            }
            assertThat(ranOn).containsOnlyKeys("a", "b", "c", "d");
            assertThat(ranOn.values()).containsOnly("k3s-1", "k3s-2").contains("k3s-1", "k3s-2");
        }
        assertThat(others).hasSize(1).allMatch(c -> c.closed);
        assertThat(first.closed).as("the caller's cluster is the caller's to close").isFalse();
    }

    @Test
    void eachCaseEndsAsItsTaskDidFailedAbortedOrPassed() throws Throwable {
        try (Lanes<FakeCluster, String> lanes = new Lanes<>(List.of("passes", "fails", "aborts"), 1, new FakeCluster("k3s-1"), lane -> {
            throw new IllegalStateException("not asked for");
        }, (cluster, item) -> {
            switch (item) {
                case "fails" -> throw new AssertionError("expected resolves-and-routes, observed not-resolved");
                case "aborts" -> throw new TestAbortedException("needs another cluster");
                default -> { }
            }
        }, log::add)) {
            lanes.await("passes", BOUND);
            assertThatThrownBy(() -> lanes.await("fails", BOUND)).isInstanceOf(AssertionError.class).hasMessageContaining("observed not-resolved");
            assertThatThrownBy(() -> lanes.await("aborts", BOUND)).isInstanceOf(TestAbortedException.class);
        }
    }

    @Test
    void aLaneThatDoesNotStartLeavesItsCasesToTheOthers() throws Throwable {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        try (Lanes<FakeCluster, String> lanes = new Lanes<>(List.of("a", "b", "c"), 2, new FakeCluster("k3s-1"), lane -> {
            throw new IllegalStateException("k3s did not become ready");
        }, (cluster, item) -> ran.add(item + "@" + cluster.name), log::add)) {
            for (String item : List.of("a", "b", "c")) {
                lanes.await(item, BOUND);
            }
        }
        assertThat(ran).containsExactly("a@k3s-1", "b@k3s-1", "c@k3s-1");
        assertThat(log).anyMatch(line -> line.contains("lane 2 did not start") && line.contains("k3s did not become ready"));
    }

    @Test
    void aCaseNeverRunBecauseTheLanesClosedFailsInsteadOfPassing() throws Throwable {
        CountDownLatch release = new CountDownLatch(1);
        Lanes<FakeCluster, String> lanes = new Lanes<>(List.of("slow", "never"), 1, new FakeCluster("k3s-1"), lane -> new FakeCluster("x"),
                (cluster, item) -> release.await(5, TimeUnit.SECONDS), log::add);
        lanes.close();
        release.countDown();

        assertThatThrownBy(() -> lanes.await("never", BOUND)).hasMessageContaining("was not run");
    }
}
