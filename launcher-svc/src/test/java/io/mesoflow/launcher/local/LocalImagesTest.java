package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.launcher.LauncherConfig.ImagePolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalImagesTest {
    @ParameterizedTest(name = "{0} with image {1}: refused={2}")
    @CsvSource(nullValues = "none", value = {
        "REJECT, tensorflow/tensorflow:2.21.0, true",
        "REJECT, none,                         false",
        "IGNORE, tensorflow/tensorflow:2.21.0, false",
        "IGNORE, none,                         false",
    })
    void anImageIsRefusedUnlessIgnored(ImagePolicy policy, String image, boolean refused) {
        assertThat(LocalImages.refusal(policy, image).isPresent()).isEqualTo(refused);
        LocalImages.refusal(policy, image).ifPresent(why -> assertThat(why)
                .startsWith("image: the local backend has no container runtime")
                .contains(image, "mesoflow.launcher.local.images=ignore"));
    }
}
