/**
 * Corefiles: a structural parser (braces, server block keys, directives) that reports the file, line
 * and element of a syntax error, and the rendering of placeholders such as the istiocoredns clusterIP
 * in the kube-dns stub block.
 */
package io.github.istiocoredns.e2e.dns;
