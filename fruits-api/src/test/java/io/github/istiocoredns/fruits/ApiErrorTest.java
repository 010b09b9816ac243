package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Codes as restify-errors 8 makes them (makeErrFromCode, printed on Node 12). */
class ApiErrorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "400, BadRequest", "404, NotFound", "405, MethodNotAllowed", "406, NotAcceptable",
            "414, UriTooLong", "431, RequestHeaderFieldsTooLarge", "500, InternalServer",
            "503, ServiceUnavailable", "505, HttpVersionNotSupported",
            "409, Conflict", "418, ImATeapot", "422, UnprocessableEntity", "429, TooManyRequests",
            "502, BadGateway", "504, GatewayTimeout",
    })
    void usesRestifyErrorCodes(int status, String code) {
        assertThat(ApiError.ofStatus(status, "m").code()).isEqualTo(code);
    }

    @Test
    void writesRestifysBodyShape() {
        assertThat(ApiError.resourceNotFound("/a\"b").body())
                .isEqualTo("{\"code\":\"ResourceNotFound\",\"message\":\"/a\\\"b does not exist\"}");
    }

    @Test
    void carriesNoStackTrace() {
        assertThat(ApiError.notFound("x").getStackTrace()).isEmpty();
    }
}
