package io.mesoflow.launcher.mesos;

import io.mesoflow.events.LaunchSpec;
import java.util.List;
import org.apache.mesos.v1.Protos;

/**
 * The container a task runs in: always the Mesos containerizer ({@code MESOS}), in the launch's Docker
 * image when it names one (the agent's {@code docker/runtime} and {@code filesystem/linux} isolators
 * provision it; {@code gpu/nvidia} still gives the task its GPUs, which stay among its resources), with
 * each file secret as a SECRET volume in the sandbox. Pure.
 */
final class MesosContainer {
    private MesosContainer() {
    }

    static Protos.ContainerInfo of(LaunchSpec launch, List<MesosCalls.SecretValue> secrets) {
        Protos.ContainerInfo.Builder container = Protos.ContainerInfo.newBuilder()
                .setType(Protos.ContainerInfo.Type.MESOS);
        if (launch.image() != null) {
            container.setMesos(Protos.ContainerInfo.MesosInfo.newBuilder().setImage(Protos.Image.newBuilder()
                    .setType(Protos.Image.Type.DOCKER)
                    .setDocker(Protos.Image.Docker.newBuilder().setName(launch.image()))));
        }
        for (MesosCalls.SecretValue secret : secrets) {
            if (secret.file() != null) {
                container.addVolumes(Protos.Volume.newBuilder().setMode(Protos.Volume.Mode.RO)
                        .setContainerPath(secret.file())
                        .setSource(Protos.Volume.Source.newBuilder().setType(Protos.Volume.Source.Type.SECRET)
                                .setSecret(MesosTaskCommand.secretOf(secret))));
            }
        }
        return container.build();
    }
}
