package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rows follow restify 8.4 authorization.js; the 400 rows were also observed on the original. */
class AuthorizationCheckTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "''                 | ''",
            "Basic YWJj         | ''",
            "Basic YW           | ''",
            "basic YWJj         | ''",
            "Basic !!!Y!W       | ''",
            "Basic -_           | ''",
            "Bearer abc.def     | ''",
            "Signature keyId=x  | ''",
            "Basic YWJj extra   | ''",
            "Bearer             | BasicAuth content is invalid.",
            "Basic !!!          | Authorization header invalid",
            "Basic =YWJj        | Authorization header invalid",
            "Basic Y            | Authorization header invalid",
            "'Basic  YWJj'      | Authorization header invalid",
            "'Basic '           | Authorization header invalid",
    })
    void rejectsAsRestify(String header, String expectedMessage) {
        if (expectedMessage.isEmpty()) {
            assertThat(AuthorizationCheck.rejection(header)).isEmpty();
        } else {
            assertThat(AuthorizationCheck.rejection(header)).hasValueSatisfying(error -> {
                assertThat(error.status()).isEqualTo(400);
                assertThat(error.body()).isEqualTo("{\"code\":\"InvalidHeader\",\"message\":\"" + expectedMessage + "\"}");
            });
        }
    }
}
