package io.github.istiocoredns.e2e.dockerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class TierPrerequisiteTest {

    @Test
    void aTierIsRequiredWhenTheListNamesIt() {
        assertThat(TierPrerequisite.isRequired("corefile", "corefile")).isTrue();
        assertThat(TierPrerequisite.isRequired("corefile", "apiserver, corefile")).isTrue();
        assertThat(TierPrerequisite.isRequired("corefile", "cluster")).isFalse();
        assertThat(TierPrerequisite.isRequired("corefile", "")).isFalse();
        assertThat(TierPrerequisite.isRequired("corefile", "corefiles")).isFalse();
    }

    @Test
    void nothingMissingLetsTheTestRun() {
        assertThatCode(() -> TierPrerequisite.check("corefile", Optional.empty())).doesNotThrowAnyException();
    }

    @Test
    void somethingMissingSkipsWithTheReasonWhenNotRequired() {
        String previous = System.getProperty(TierPrerequisite.REQUIRE_PROPERTY);
        System.clearProperty(TierPrerequisite.REQUIRE_PROPERTY);
        try {
            assertThatThrownBy(() -> TierPrerequisite.check("corefile", Optional.of("image x missing")))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining("corefile tier: image x missing");
        } finally {
            restore(previous);
        }
    }

    @Test
    void somethingMissingFailsWhenRequired() {
        String previous = System.getProperty(TierPrerequisite.REQUIRE_PROPERTY);
        System.setProperty(TierPrerequisite.REQUIRE_PROPERTY, "corefile");
        try {
            assertThatThrownBy(() -> TierPrerequisite.check("corefile", Optional.of("image x missing")))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("image x missing")
                    .hasMessageContaining("-Dconformance.require");
        } finally {
            restore(previous);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(TierPrerequisite.REQUIRE_PROPERTY);
        } else {
            System.setProperty(TierPrerequisite.REQUIRE_PROPERTY, previous);
        }
    }
}
