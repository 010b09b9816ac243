/**
 * Strict loading of YAML into typed fabric8 Kubernetes and Istio models (every problem located by
 * file, document, line and field), cross-object checks, the diff against the article's files, and
 * the renderers that adapt manifests to a variant and a cluster.
 */
package io.github.istiocoredns.e2e.manifests;
