package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FruitCatalogTest {

    private final FruitCatalog catalog = FruitCatalog.standard();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "au  | nectarine,mandarin,lemon,kiwi",
            "ind | mango,banana,lychee,apple",
            "usa | blueberry,grape,watermelon,orange",
    })
    void keepsTheOriginalKeyOrder(String country, String fruitsInOrder) {
        assertThat(catalog.fruitsOf(country).orElseThrow().keySet()).containsExactly(fruitsInOrder.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AU", "Au", "aU", "IND", "Usa"})
    void matchesCountriesCaseInsensitively(String country) {
        assertThat(catalog.fruitsOf(country)).isPresent();
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"fr", "''", "a u", "constructor"})
    void knowsNoOtherCountry(String country) {
        assertThat(catalog.fruitsOf(country)).isEmpty();
    }

    @Test
    void pricesAreCaseSensitiveInTheFruit() {
        assertThat(catalog.priceOf("AU", "kiwi")).hasValue(2.6);
        assertThat(catalog.priceOf("au", "Kiwi")).isEmpty();
        assertThat(catalog.priceOf("fr", "kiwi")).isEmpty();
        assertThat(catalog.priceOf("au", "constructor")).isEmpty();
    }

    @Test
    void cannotBeChangedByCallers() {
        Map<String, Double> fruits = catalog.fruitsOf("au").orElseThrow();
        assertThatThrownBy(() -> fruits.put("durian", 9.9)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(catalog.fruitsOf("au").orElseThrow()).doesNotContainKey("durian");
    }
}
