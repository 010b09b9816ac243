package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected results were printed by negotiator 0.6 (the version restify 8.4 resolves) on Node 12 for
 * the same headers against restify's four formatter types.
 */
class AcceptNegotiationTest {

    @Test
    void absentHeaderAcceptsEverything() {
        assertThat(AcceptNegotiation.acceptsAnyServerType(null)).isTrue();
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "''                                            | false",
            "*/*                                           | true",
            "application/json                              | true",
            "text/html                                     | false",
            "garbage                                       | false",
            "application/json; charset=utf-8               | false",
            "application/json;q=0                          | false",
            "application/json;q=abc                        | false",
            "application/json;q=abc, application/json      | true",
            "application/json;q=0, */*                     | true",
            "*/*;q=0                                       | false",
            "text/*                                        | true",
            "TEXT/PLAIN                                    | true",
            "application/*;q=0.5                           | true",
            "text/plain;foo=\"a,b\"                        | false",
            "text/plain;foo=*                              | true",
            "text/plain;foo=                               | true",
            "text/plain;q=1;foo=bar                        | true",
            "application/json;q=0, application/json;q=0.5  | true",
            "', ,'                                         | false",
            "application/json ;q=0                         | false",
            "'image/png, text/html;q=0.9'                  | false",
            "*/json                                        | true",
            "application/json;q=-1                         | false",
            "application/json;q=1e-3                       | true",
            "application/json;q=.5                         | true",
            "application/json; Q=0                         | false",
    })
    void decidesAsNegotiator(String accept, boolean accepted) {
        assertThat(AcceptNegotiation.acceptsAnyServerType(accept)).isEqualTo(accepted);
    }
}
