/**
 * The local node: a single-node Kubernetes built on this machine from Go modules and Debian packages (scripts/local-node),
 * with the adaptations the suite needs there (images copied from Docker, the plugin stand-in reached through a relay).
 */
package io.github.istiocoredns.e2e.node;
