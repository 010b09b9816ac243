package io.github.istiocoredns.e2e.images;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.istiocoredns.e2e.manifests.ManifestSet;
import io.github.istiocoredns.e2e.manifests.StrictBinding;
import java.util.Objects;

/**
 * This project's fruits-api in the place of the article's image ({@code istiosuccinctly/fruits-api:1.0.0}) where that
 * image cannot be pulled (no registry): the variants that apply the article's manifests as published then still show
 * what they are about, kube-dns, istiocoredns and the mesh, which do not depend on which of the two images answers (their
 * responses are compared row by row: fruits-api's ParityTable, and the cluster tier's parity check where the original
 * can be pulled). The report says so for every variant it applies to.
 *
 * @param original the article's image, as its manifests name it
 * @param ours this build's image, as manifests/fruits-api names it
 * @param reason why the original cannot be had here (the pull's error)
 */
public record FruitsApiStandIn(String original, String ours, String reason) {

    public FruitsApiStandIn {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(ours, "ours");
    }

    /** Whether a container of the set runs the original image. */
    public boolean appliesTo(ManifestSet set) {
        return set.all(Deployment.class).flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .anyMatch(c -> original.equals(c.getImage()));
    }

    /** A copy of the set with ours wherever the original image was; a set without it is returned unchanged. */
    public ManifestSet adapt(ManifestSet set, StrictBinding binding) {
        return appliesTo(set) ? set.map(this::replace, binding) : set;
    }

    private HasMetadata replace(HasMetadata object) {
        if (object instanceof Deployment deployment) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                if (original.equals(container.getImage())) {
                    container.setImage(ours);
                }
            }
        }
        return object;
    }

    /** What the report says about this adaptation. */
    public String note() {
        return "fruits-api: this project's " + ours + " stood in for the article's " + original + ", which cannot be pulled here (" + reason + ")";
    }
}
