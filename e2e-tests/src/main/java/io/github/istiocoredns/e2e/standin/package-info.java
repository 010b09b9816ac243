/**
 * A STAND-IN for istio-coredns-plugin (istio-ecosystem/istio-coredns-plugin, image
 * {@code istio/coredns-plugin:0.2-istio-1.1}), for the Corefile tier only; the cluster tier runs the real plugin.
 *
 * <p>The plugin is a gRPC service ({@code coredns.dns.DnsService/Query}) that CoreDNS's {@code grpc} (1.5.0+) or
 * {@code proxy ... protocol grpc} (up to 1.4.0) plugin calls on 127.0.0.1:8053. Its answers are a pure function
 * of the ServiceEntries it sees, so the stand-in re-implements that function from the plugin's source
 * ({@code plugin.go} at commit cd642e2d, the last one) and from the ServiceEntry validation of the Istio branch it
 * vendored ({@code release-1.1}, {@code pilot/pkg/model/validation.go}), and serves it over the same wire protocol:
 * <ul>
 *   <li>{@link io.github.istiocoredns.e2e.standin.ServiceEntryRecords}: the name table built from ServiceEntry
 *       objects, with the plugin's skipping rules;</li>
 *   <li>{@link io.github.istiocoredns.e2e.standin.PluginAnswers}: DNS message in, DNS message out;</li>
 *   <li>{@link io.github.istiocoredns.e2e.standin.StandInPluginServer}: the gRPC service, with a record table
 *       that can be replaced at runtime (negative controls).</li>
 * </ul>
 * What it does NOT reproduce: the Kubernetes informer (records are handed in, not watched), the 5 s rebuild period
 * (a replacement takes effect at once), and the crash of the real plugin on a few malformed inputs (reported as an
 * exception instead). See {@code e2e-tests/STANDIN.md}.
 */
package io.github.istiocoredns.e2e.standin;
