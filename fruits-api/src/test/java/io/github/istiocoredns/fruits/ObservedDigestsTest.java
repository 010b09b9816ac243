package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Content-MD5 values sent by the original for these bodies (curl -i against restify 8.4 on
 * Node 12). The parity rows compute the expected digest from the body; this pins that
 * computation, and the service's, to what the original sent.
 */
class ObservedDigestsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "'{\"nectarine\":2.5,\"mandarin\":2.3,\"lemon\":1.1,\"kiwi\":2.6}'        | 1O1kd/Yq8p6Yb/0pe/JEyA==",
            "'{\"mango\":3,\"banana\":2.3,\"lychee\":1.4,\"apple\":2}'                | FSJK4Z/SSaHxz9L6gW8p0A==",
            "'{\"blueberry\":2.5,\"grape\":2,\"watermelon\":3.2,\"orange\":1.3}'      | Y9s3XvlY34K5LAtAZZ0YUA==",
            "'{\"code\":\"NotFound\",\"message\":\"country not available\"}'          | 7XnTqJ+m+P/g/ZVUjNS2fA==",
            "'{\"code\":\"NotFound\",\"message\":\"fruit not available\"}'            | Mv7wUveKXZr8bj2Lez010Q==",
            "'{\"price\":2.6}'                                                        | k8WweH8Z+SNB6mHR+y0vVw==",
            "'{\"price\":2}'                                                          | O8J5D3+CtiOltGdklxdeJQ==",
            "'{\"ver\":\"1\",\"fruit\":\"Mango\"}'                                    | UFPRuyEXxI2e+dkcPUc4GA==",
    })
    void digestsMatchTheOriginal(String body, String observedDigest) {
        assertThat(RestifyResponse.contentMd5(body)).isEqualTo(observedDigest);
        assertThat(ParityCase.md5Base64(body)).isEqualTo(observedDigest);
    }
}
