package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/** The container of a Mesos task: the Mesos containerizer, with the job's Docker image when it names one. */
class MesosContainerTest {
    static TaskPlacement gpuWorker(String image) {
        return new TaskPlacement("gpu_worker-0", 0, "agent-7", "gpu7.cluster", List.of("o-1"),
                new Resources(4, 16_384, 1024, 2), List.of(31005),
                new LaunchSpec("https://repo/train.zip", "python3 train.py", Map.of(), "/out", Map.of(), List.of(),
                        "ml", null, image, null, null));
    }

    @Test
    void aTaskWithAnImageRunsInItInTheMesosContainerizerAndKeepsItsGpus() {
        Protos.TaskInfo info = MesosCalls.taskInfo("job-1", gpuWorker("tensorflow/tensorflow:2.21.0-gpu"), "ml",
                List.of(new MesosCalls.SecretValue(null, "krb5.keytab", "t".getBytes())), "ml-user");

        Protos.ContainerInfo container = info.getContainer();
        assertThat(container.getType()).isEqualTo(Protos.ContainerInfo.Type.MESOS);
        assertThat(container.getMesos().getImage().getType()).isEqualTo(Protos.Image.Type.DOCKER);
        assertThat(container.getMesos().getImage().getDocker().getName()).isEqualTo("tensorflow/tensorflow:2.21.0-gpu");
        assertThat(container.hasDocker()).as("not the Docker containerizer: it has no GPU support").isFalse();
        assertThat(container.getVolumesList()).singleElement()
                .satisfies(v -> assertThat(v.getContainerPath()).isEqualTo("krb5.keytab"));
        assertThat(info.getResourcesList()).filteredOn(r -> r.getName().equals("gpus")).singleElement()
                .satisfies(r -> assertThat(r.getScalar().getValue()).isEqualTo(2));
        assertThat(info.getCommand().getUser()).isEqualTo("ml-user");
    }

    @Test
    void aTaskWithoutAnImageRunsOnTheAgentsFileSystem() {
        Protos.TaskInfo info = MesosCalls.taskInfo("job-1", gpuWorker(null), "ml", List.of(), "ml-user");

        assertThat(info.getContainer().getType()).isEqualTo(Protos.ContainerInfo.Type.MESOS);
        assertThat(info.getContainer().hasMesos()).isFalse();
        assertThat(info.getResourcesList()).extracting(Protos.Resource::getName).contains("gpus");
    }
}
