package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected forms were printed by Node 12 (String(n) and JSON.stringify) for the same values. */
class JsJsonTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "3.0                     | 3",
            "2.5                     | 2.5",
            "2.0                     | 2",
            "0.1                     | 0.1",
            "-0.0                    | 0",
            "100                     | 100",
            "1234567.0               | 1234567",
            "123456789.5             | 123456789.5",
            "-2.3                    | -2.3",
            "1e20                    | 100000000000000000000",
            "1e21                    | 1e+21",
            "-1e21                   | -1e+21",
            "0.000001                | 0.000001",
            "1e-7                    | 1e-7",
            "1.5e-10                 | 1.5e-10",
            "123e-20                 | 1.23e-18",
            "1.7976931348623157e308  | 1.7976931348623157e+308",
            "NaN                     | null",
            "Infinity                | null",
    })
    void writesNumbersAsJavaScript(double value, String expected) {
        assertThat(JsJson.number(value)).isEqualTo(expected);
    }

    @Test
    void writesTheSumThatJavaScriptCannotRoundEither() {
        assertThat(JsJson.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @ParameterizedTest(name = "{index}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "a\"b\\                 | '\"a\\\"b\\\\\"'",
            "é/<>&                  | '\"é/<>&\"'",
    })
    void escapesStringsAsJsonStringify(String value, String expected) {
        assertThat(JsJson.string(value)).isEqualTo(expected);
    }

    @Test
    void escapesControlCharactersWithLowerCaseHex() {
        assertThat(JsJson.string("\n\t\b\f\r")).isEqualTo("\"\\n\\t\\b\\f\\r\"");
        assertThat(JsJson.string("\u0001\u001f")).isEqualTo("\"\\u0001\\u001f\"");
        assertThat(JsJson.string("\u007f")).isEqualTo("\"\u007f\"");
    }

    @Test
    void escapesLoneSurrogatesButKeepsPairs() {
        assertThat(JsJson.string("\ud800x")).isEqualTo("\"\\ud800x\"");
        assertThat(JsJson.string("x\udc00")).isEqualTo("\"x\\udc00\"");
        assertThat(JsJson.string("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
    }

    @Test
    void keepsKeyOrderAndNestsObjects() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1.0);
        inner.put("a", "x");
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("b", inner);
        outer.put("a", 2.5);
        assertThat(JsJson.stringify(outer)).isEqualTo("{\"b\":{\"z\":1,\"a\":\"x\"},\"a\":2.5}");
    }

    @Test
    void writesTheCatalogAsTheOriginal() {
        assertThat(JsJson.stringify(FruitCatalog.standard().fruitsOf("ind").orElseThrow()))
                .isEqualTo("{\"mango\":3,\"banana\":2.3,\"lychee\":1.4,\"apple\":2}");
    }

    @Test
    void refusesValuesItCannotWrite() {
        Map<String, Object> withList = Map.of("a", List.of());
        assertThatThrownBy(() -> JsJson.stringify(withList))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util")
                .hasMessageContaining("expected String, Number or Map");
    }
}
