package io.github.istiocoredns.e2e.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.istiocoredns.e2e.TestProject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CorefileParserTest {

    static Stream<String> istiocorednsCorefiles() {
        return TestProject.manifestFiles(".Corefile").stream().filter(f -> f.startsWith("manifests/coredns/istiocoredns/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("istiocorednsCorefiles")
    void everyIstiocorednsCorefileParsesAndServesTheRootZone(String file) {
        Corefile corefile = CorefileParser.parse(file, TestProject.read(file));

        assertThat(corefile.blockFor("example.com", 53)).as("%s forwards other names upstream", file).isPresent();
        assertThat(corefile.blockFor("example.com", 53).get().directives()).extracting(Directive::name).contains("health");
    }

    @Test
    void theArticlesNewerCorefilePutsTwoGrpcLinesInOneServerBlock() {
        String file = "manifests/coredns/istiocoredns/article-gt-1.4.0.Corefile";
        Corefile corefile = CorefileParser.parse(file, TestProject.read(file));

        assertThat(corefile.serverBlocks()).hasSize(1);
        assertThat(corefile.serverBlocks().get(0).directives("grpc")).extracting(Directive::arguments)
                .containsExactly(List.of("internal", "127.0.0.1:8053"), List.of("global", "127.0.0.1:8053"));
        assertThat(corefile.serverBlocks().get(0).directives("forward").get(0).block())
                .extracting(Directive::name, Directive::arguments)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("except", List.of("global", "internal")));
    }

    @Test
    void theCorrectedCorefileSendsInternalAndGlobalToThePluginWithOneGrpcPerServerBlock() {
        String file = "manifests/coredns/istiocoredns/corrected.Corefile";
        Corefile corefile = CorefileParser.parse(file, TestProject.read(file));

        for (String name : List.of("my-fruits.internal", "reviews.default.global")) {
            ServerBlock block = corefile.blockFor(name, 53).orElseThrow();
            assertThat(block.directives("grpc")).as("grpc lines of the block serving %s", name).singleElement()
                    .satisfies(grpc -> assertThat(grpc.arguments()).containsExactly(".", "127.0.0.1:8053"));
        }
        assertThat(corefile.serverBlocks()).allSatisfy(block -> assertThat(block.directives("grpc").size()).isLessThanOrEqualTo(1));
        assertThat(corefile.blockFor("example.com", 53).orElseThrow().directives("grpc")).isEmpty();
    }

    @Test
    void k3sStyleTopLevelImportsAndQuotedTokensAreRead() {
        Corefile corefile = CorefileParser.parse("k3s", """
                .:53 {
                    errors
                    hosts /etc/coredns/NodeHosts {
                      ttl 60
                      fallthrough in-addr.arpa ip6.arpa
                    }
                    template ANY AAAA internal { rcode "NOERROR" }  # a comment with { and }
                    import /etc/coredns/custom/*.override
                }
                import /etc/coredns/custom/*.server
                """);

        assertThat(corefile.imports()).extracting(Directive::arguments).containsExactly(List.of("/etc/coredns/custom/*.server"));
        assertThat(corefile.serverBlocks().get(0).directives("template").get(0).block().get(0).arguments()).containsExactly("NOERROR");
        assertThat(corefile.serverBlocks().get(0).directives("hosts").get(0).block()).hasSize(2);
    }

    static Stream<Arguments> brokenCorefiles() {
        return Stream.of(
                Arguments.of("unbalanced-open.Corefile", 1, "server block 'internal:53'", "'{' opened here is never closed"),
                Arguments.of("stray-close.Corefile", 5, "", "'}' closes nothing (no block is open here)"),
                Arguments.of("bad-port.Corefile", 5, "server block key 'internal:fifty-three'", "port 'fifty-three' is not a number from 1 to 65535"),
                Arguments.of("bad-zone.Corefile", 1, "server block key 'internal..local:53'", "zone 'internal..local' has an empty label"),
                Arguments.of("unknown-scheme.Corefile", 1, "server block key 'udp://internal:53'", "unknown scheme 'udp://' (CoreDNS serves dns, tls, grpc, https, quic)"),
                Arguments.of("unterminated-quote.Corefile", 4, "", "quoted text starting here is never closed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCorefiles")
    void brokenCorefileFailsNamingFileLineAndElement(String fixture, int line, String element, String problem) {
        String source = "broken/" + fixture;

        CorefileSyntaxException failure = catchThrowableOfType(CorefileSyntaxException.class,
                () -> CorefileParser.parse(source, TestProject.readPath(TestProject.resource(source))));

        assertThat(failure).as("parsing %s must fail", source).isNotNull();
        assertThat(failure.source()).isEqualTo(source);
        assertThat(failure.line()).isEqualTo(line);
        assertThat(failure.element()).isEqualTo(element);
        assertThat(failure.getMessage()).startsWith(source + ", line " + line).endsWith(problem);
    }
}
