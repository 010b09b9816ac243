package io.github.istiocoredns.e2e.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.istiocoredns.e2e.SystemProperties;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class TierPrerequisiteTest {

    private String previous;

    @BeforeEach
    void rememberProperty() {
        previous = System.getProperty(TierPrerequisite.REQUIRE_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        SystemProperties.set(TierPrerequisite.REQUIRE_PROPERTY, previous);
    }

    @Test
    void aTierIsRequiredWhenTheListNamesIt() {
        assertThat(TierPrerequisite.isRequired(Tier.COREFILE, "corefile")).isTrue();
        assertThat(TierPrerequisite.isRequired(Tier.COREFILE, "apiserver, Corefile")).isTrue();
        assertThat(TierPrerequisite.isRequired(Tier.COREFILE, "cluster")).isFalse();
        assertThat(TierPrerequisite.isRequired(Tier.COREFILE, "")).isFalse();
    }

    @Test
    void aNameThatIsNoTierIsRefusedInsteadOfDemandingNothing() {
        assertThatThrownBy(() -> TierPrerequisite.isRequired(Tier.COREFILE, "corefiles"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corefiles")
                .hasMessageContaining("unit, image, corefile, apiserver, node, cluster");
    }

    @Test
    void nothingMissingLetsTheTestRun() {
        System.setProperty(TierPrerequisite.REQUIRE_PROPERTY, "corefile");

        assertThatCode(() -> TierPrerequisite.check(Tier.COREFILE, Optional.empty())).doesNotThrowAnyException();
    }

    @Test
    void somethingMissingSkipsWithAOneLineReasonWhenNotRequired() {
        System.clearProperty(TierPrerequisite.REQUIRE_PROPERTY);

        assertThatThrownBy(() -> TierPrerequisite.check(Tier.COREFILE, Optional.of("image x missing\n(build it)")))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("corefile tier: image x missing (build it)");
    }

    @Test
    void somethingMissingFailsWhenRequired() {
        System.setProperty(TierPrerequisite.REQUIRE_PROPERTY, "cluster,corefile");

        assertThatThrownBy(() -> TierPrerequisite.check(Tier.COREFILE, Optional.of("image x missing")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("corefile tier: image x missing")
                .hasMessageContaining("-Dconformance.require=cluster,corefile");
    }

    @Test
    void anotherTierRequiredStillSkips() {
        System.setProperty(TierPrerequisite.REQUIRE_PROPERTY, "cluster");

        assertThatThrownBy(() -> TierPrerequisite.check(Tier.COREFILE, Optional.of("image x missing")))
                .isInstanceOf(TestAbortedException.class);
    }
}
