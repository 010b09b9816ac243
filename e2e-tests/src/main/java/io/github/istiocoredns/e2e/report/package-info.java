/**
 * Conformance reports shared by the tiers: rows of variant, setup, expected (with its basis), observed, verdict,
 * evidence and duration, rendered as Markdown and JSON under {@code target/conformance/}.
 */
package io.github.istiocoredns.e2e.report;
