/**
 * The cluster tier's own cluster: k3s in a Docker container (Testcontainers' k3s module), started once per run with
 * the article's service range, our fruits-api image imported into its containerd and the other images pulled inside
 * it while slower steps run; optionally kept running for exploration.
 */
package io.github.istiocoredns.e2e.k3s;
