/**
 * Which image a test runs: where no registry gives a Docker Hub image, the one scripts/offline-images built under the
 * mirror prefix, found by itself ({@link OfflineMirrorSubstitutor}), so that the README's plain {@code ./mvnw verify}
 * needs no exported settings.
 */
package io.github.istiocoredns.e2e.images;
