package io.github.istiocoredns.e2e.variantrun;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.catalog.Expectations;
import io.github.istiocoredns.e2e.catalog.KubeDnsMethod;
import io.github.istiocoredns.e2e.catalog.KubeDnsPickup;
import io.github.istiocoredns.e2e.catalog.Variant;
import io.github.istiocoredns.e2e.catalog.VariantCatalog;
import io.github.istiocoredns.e2e.cluster.Cluster;
import io.github.istiocoredns.e2e.existing.RestoreGuard;
import io.github.istiocoredns.e2e.http.MeshClient;
import io.github.istiocoredns.e2e.manifests.Cidr;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.probe.Eventually.ConditionNotMetError;
import io.github.istiocoredns.e2e.report.PhaseLog;
import io.github.istiocoredns.e2e.report.ReportRow;
import io.github.istiocoredns.e2e.report.Verdict;
import io.github.istiocoredns.e2e.scenario.ClusterIpAdaptation;
import io.github.istiocoredns.e2e.scenario.ScenarioResult;
import io.github.istiocoredns.e2e.scenario.Step;
import io.github.istiocoredns.e2e.scenario.StepRunner;
import io.github.istiocoredns.e2e.scenario.VariantScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * One catalog variant on a running cluster, as the cluster tier and the node tier both run it: the shared scenario
 * steps ({@link VariantScenario}) plus the observation ({@link VariantProbe}) as the last step, so the restore is the
 * scenario's own; then kube-dns is restarted and the stub name must stop resolving. The observation is judged against
 * the expectation the tier gives, a row goes to the report, and any disagreement fails the case with the steps' log.
 *
 * @param answers what fruits-api answers, byte for byte
 * @param expectation the tier's expectation for a variant (the cluster tier: the catalog's cluster expectation)
 * @param throughEnvoy whether the cluster has the mesh, so that a routed request must show the client's Envoy routed it
 * @param prePullFailure why the tier's own pre-pull of an image failed, or empty (pulled, imported, or not pre-pulled)
 * @param adaptation what the tier changes in a variant's objects before they are applied (identity for the cluster tier)
 * @param setupNote a note for the report's evidence about the tier's adaptation of this variant, or null
 * @param diagnose called with a reason on the first surprise, while the state that caused it is still applied
 */
public record VariantRun(VariantCatalog catalog, Cluster cluster, MeshClient restoreProbe, PhaseLog phases, List<ReportRow> rows, FruitsAnswers answers,
        UnaryOperator<Expectations.Cluster> expectation, boolean throughEnvoy, Function<String, Optional<String>> prePullFailure,
        UnaryOperator<ManifestSet> adaptation, String setupNote, Consumer<String> diagnose) {

    static final List<String> SETUP_COLUMNS = List.of("kube-dns", "pickup", "Istio DNS", "policy", "ServiceEntry", "CoreDNS");
    private static final Duration STUB_GONE_BOUND = Duration.ofSeconds(120);
    /** How long a container may keep failing to pull before its image counts as unpullable (the kubelet retries meanwhile). */
    public static final Duration PULL_PERSISTENCE = Duration.ofSeconds(60);

    public void run(Variant variant) {
        Expectations.Cluster expected = expectation.apply(variant.expected().cluster());
        Optional<String> elsewhere = needsAnotherServiceRange(catalog, variant, cluster.serviceCidr());
        if (elsewhere.isPresent()) {
            notObserved(variant, "not observed: needs another cluster", elsewhere.get());
            Assumptions.abort(elsewhere.get());
        }
        long started = System.nanoTime();
        VariantScenario scenario = new VariantScenario(catalog, variant, cluster).withObjectsAdaptedBy(adaptation);
        ManifestSet objects = scenario.objects();
        String address = scenario.fruitsClusterIp();
        OutcomeJudge judge = new OutcomeJudge(address, answers.au(), throughEnvoy);
        VariantProbe probe = new VariantProbe(variant, objects, address, answers.au(), answers.special().apply(appVersion(objects)),
                observation -> {
                    if (OutcomeJudge.verdict(expected, judge.judge(observation)) != Verdict.AGREES) {
                        diagnose.accept("variant " + variant.id() + " observed " + judge.judge(observation).label());
                    }
                },
                () -> diagnose.accept("variant " + variant.id() + ": a bounded wait of the observation timed out"),
                new PullFailures(PULL_PERSISTENCE, prePullFailure), line -> phases.log("[probe " + variant.id() + "] " + line));
        List<Step> steps = new ArrayList<>(scenario.steps());
        steps.add(probe);
        ScenarioResult result;
        try (RestoreGuard guard = RestoreGuard.arm(() -> undoAll(steps))) {
            result = phases.time("variant " + variant.id(), () -> new StepRunner(cluster, phases::log).run(variant.id(), steps));
            guard.disarm();
        }
        String restore = afterRestore(variant);
        phases.log("[scenario " + variant.id() + "] after the restore: " + restore);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Optional<Observation> observation = result.rejection().map(r -> Observation.rejected(r.message())).or(probe::observation);
        if (observation.isEmpty()) {
            diagnose.accept("variant " + variant.id() + ": setup failed");
            rows.add(row(variant, expected, "not observed: setup failed", Verdict.NOT_OBSERVED,
                    String.join("; ", result.setupFailures().stream().map(r -> r.line()).toList()), took));
            fail("variant " + variant.id() + ": setup failed before the observation:\n" + result.log());
        }
        OutcomeJudge.Judged judged = judge.judge(observation.get());
        Verdict verdict = OutcomeJudge.verdict(expected, judged);
        String negative = observation.get().negativeControl();
        String resolved = probe.resolvedAfter().map(d -> String.format("; resolved %d s after %s", d.toSeconds(), pickedUp(variant))).orElse("");
        String newEntry = observation.get().newEntry() == null ? "" : "; " + observation.get().newEntry();
        String evidence = judged.evidence() + resolved + newEntry + (negative == null ? "" : "; negative control " + negative) + "; restore: " + restore
                + (setupNote == null ? "" : "; " + setupNote);
        rows.add(row(variant, expected, judged.label(), verdict, evidence, took));
        List<String> problems = new ArrayList<>();
        if (verdict != Verdict.AGREES) {
            problems.add("expected " + label(expected.outcome()) + (expected.evidence() == null ? "" : " with evidence '" + expected.evidence() + "'")
                    + ", observed " + judged.label() + ": " + judged.evidence());
        }
        if (negative != null && negative.startsWith(VariantProbe.NEGATIVE_CONTROL_FAILED)) {
            problems.add("negative control " + negative);
        }
        if (!result.restored()) {
            problems.add("restore not verified: " + result.restoreProblems());
        }
        if (!restore.startsWith("ok")) {
            problems.add("after the restore: " + restore);
        }
        if (!problems.isEmpty()) {
            diagnose.accept("variant " + variant.id() + ": " + problems.get(0));
            fail("variant " + variant.id() + " (" + variant.title() + "): " + String.join("; ", problems) + "\nsteps:\n" + result.log());
        }
    }

    /** From when the resolution time counts: what made kube-dns (or the agent) serve the variant's change. */
    private static String pickedUp(Variant variant) {
        return switch (variant.kubeDnsPickup()) {
            case RESTART -> "the kube-dns restart";
            case RELOAD -> "the workloads ran (no restart: CoreDNS's reload)";
            case NONE -> "the workloads ran (kube-dns left alone)";
        };
    }

    /** A row for a variant the tier could not observe (skipped with the reason). */
    public void notObserved(Variant variant, String observed, String reason) {
        rows.add(row(variant, expectation.apply(variant.expected().cluster()), observed, Verdict.NOT_OBSERVED, reason, Duration.ZERO));
    }

    /**
     * A variant that demonstrates the refusal of its fixed clusterIP by a cluster with another service range cannot be
     * observed on this one (its address must not be moved); a tier starts one cluster for all variants.
     */
    public static Optional<String> needsAnotherServiceRange(VariantCatalog catalog, Variant variant, Cidr clusterRange) {
        Cidr assumed = Cidr.parse(catalog.clusterProfileOf(variant).serviceCidr());
        if (assumed.equals(clusterRange) || ClusterIpAdaptation.allowed(variant)) {
            return Optional.empty();
        }
        return Optional.of("variant " + variant.id() + " shows how a cluster with service range " + assumed + " refuses its clusterIP; "
                + "this cluster's range is " + clusterRange + ", so it is not observed here");
    }

    /** kube-dns back on the restored configuration, and the stub name gone, so nothing bleeds into the next variant. */
    private String afterRestore(Variant variant) {
        long started = System.nanoTime();
        try {
            if (variant.kubeDns() != KubeDnsMethod.NONE) {
                new KubeDns(cluster.client()).restart();
            }
            RestoreProbe.awaitStubNameNxdomain(restoreProbe, STUB_GONE_BOUND, Duration.ofSeconds(1), "after the restore");
            return String.format("ok, stub name NXDOMAIN %.0f s after the restore", (System.nanoTime() - started) / 1e9);
        } catch (ConditionNotMetError | RuntimeException e) {
            return "FAILED: " + e.getMessage();
        }
    }

    public static final String INTERRUPT_RESTORED = "[interrupt] restore done";

    /** The interrupt path (JVM shutdown before the runner's own restore): undo every step, newest first. */
    private void undoAll(List<Step> steps) {
        System.out.println("[interrupt] the run was stopped: undoing the " + steps.size() + " steps of this variant on " + cluster.name());
        int failed = 0;
        for (int i = steps.size() - 1; i >= 0; i--) {
            try {
                System.out.println("[interrupt]   " + steps.get(i).name() + ": " + steps.get(i).undo(cluster));
            } catch (RuntimeException e) {
                failed++;
                System.err.println("[interrupt]   " + steps.get(i).name() + " FAILED: " + e);
            }
        }
        System.out.println(failed == 0 ? INTERRUPT_RESTORED : "[interrupt] restore incomplete: " + failed + " steps failed (above)");
    }

    public static ReportRow row(Variant variant, Expectations.Cluster expected, String observed, Verdict verdict, String evidence, Duration took) {
        List<String> setup = List.of(label(variant.kubeDns()), label(variant.kubeDnsPickup()), label(variant.istioDns()),
                variant.outboundPolicy().name(), label(variant.serviceEntry()),
                variant.istiocoredns() == null ? "-" : variant.istiocoredns().corednsVersion());
        return new ReportRow(variant.id(), setup, label(expected.outcome()), label(expected.basis()), observed, verdict, evidence, took);
    }

    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** app_version of the fruits-api container (unset means "1", FACTS §1). */
    private static String appVersion(ManifestSet objects) {
        return objects.all(Deployment.class).flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .filter(c -> "fruits-api".equals(c.getName())).flatMap(c -> c.getEnv() == null ? Stream.empty() : c.getEnv().stream())
                .filter(e -> "app_version".equals(e.getName())).map(EnvVar::getValue).findFirst().orElse("1");
    }
}
