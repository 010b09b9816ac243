package io.github.istiocoredns.e2e.clustertier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageSourceTest {

    @Test
    void autoIsOfflineExactlyWhenTheK3sImageIsTheOfflineBuild() {
        assertThat(ImageSource.decide("", true)).isEqualTo(ImageSource.OFFLINE);
        assertThat(ImageSource.decide("auto", false)).isEqualTo(ImageSource.PUBLISHED);
        assertThat(ImageSource.decide(" Published ", true)).as("asked for").isEqualTo(ImageSource.PUBLISHED);
        assertThat(ImageSource.decide("offline", false)).isEqualTo(ImageSource.OFFLINE);
        assertThatThrownBy(() -> ImageSource.decide("mirror", true)).hasMessageContaining("-Dconformance.images=mirror");
    }
}
