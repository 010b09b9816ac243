package io.github.istiocoredns.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Paths, tree differences and networks, the parts every message and check relies on. */
class SmallPartsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void fieldPathPrintsLikeKubernetesDocsAndRoundTripsThroughPointers() {
        FieldPath path = FieldPath.root().child("metadata").child("annotations").child("sidecar.istio.io/inject");
        FieldPath list = FieldPath.ofPointer("/spec/template/spec/containers/0/image");

        assertThat(path).hasToString("metadata.annotations['sidecar.istio.io/inject']");
        assertThat(list).hasToString("spec.template.spec.containers[0].image");
        assertThat(FieldPath.ofPointer(path.toPointer())).isEqualTo(path);
        assertThat(list.startsWith(FieldPath.ofPointer("/spec/template"))).isTrue();
        assertThat(list.startsWith(FieldPath.ofPointer("/spec/selector"))).isFalse();
    }

    @Test
    void treeDiffComparesNumbersByValueButNeverANumberWithAString() throws Exception {
        var before = json.readTree("{\"port\": 80, \"user\": 10001, \"name\": \"a\", \"list\": [1, 2]}");
        var after = json.readTree("{\"port\": 80.0, \"user\": \"10001\", \"list\": [1], \"extra\": true}");

        assertThat(TreeDiff.between(before, after)).extracting(TreeDifference::toString).containsExactlyInAnyOrder(
                "user: 10001 -> \"10001\"", "name: removed (was \"a\")", "list[1]: removed (was 2)", "extra: added true");
    }

    @Test
    void cidrContainsOnlyItsOwnAddresses() {
        Cidr article = Cidr.parse("10.96.0.0/12");

        assertThat(article.contains("10.103.1.1")).isTrue();
        assertThat(article.contains("10.112.0.1")).isFalse();
        assertThat(Cidr.parse("10.43.0.0/16").contains("10.103.1.1")).isFalse();
        assertThatThrownBy(() -> Cidr.parse("10.96.0.1/12")).hasMessageContaining("host bits set (the network is 10.96.0.0/12)");
        assertThatThrownBy(() -> Cidr.parse("10.96.0.0")).hasMessageContaining("not an IPv4 network");
    }
}
