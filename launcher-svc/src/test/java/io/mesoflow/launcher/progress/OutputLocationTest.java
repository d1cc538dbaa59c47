package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputLocationTest {
    @Test
    void absolutePathsAndFileUrlsOfThisHostAreLocalDirectories() {
        Map<String, Path> table = new HashMap<>();
        table.put("/data/out", Path.of("/data/out"));
        table.put("file:/data/out", Path.of("/data/out"));
        table.put("file:///data/out", Path.of("/data/out"));
        table.put("file://localhost/data/out", Path.of("/data/out"));
        table.put("FILE:///data/out", Path.of("/data/out"));
        table.put("file:///data/my%20out", Path.of("/data/my out"));
        table.put("file://otherhost/data/out", null);
        table.put("file:data/out", null);
        table.put("file:", null);
        table.put("hdfs://nn/data/out", null);
        table.put("s3://bucket/out", null);
        table.put("gs://bucket/out", null);
        table.put("data/out", null);
        table.put("", null);
        table.put("file:///data/%00out", null);
        table.put("/a\u0000b", null);
        table.forEach((location, dir) -> assertThat(OutputLocation.localDir(location)).as(location).isEqualTo(dir));
        assertThat(OutputLocation.localDir(null)).isNull();
    }
}
