package io.mesoflow.launcher.mesos;

import com.google.protobuf.ByteString;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.launcher.task.TaskEnvironment;
import io.mesoflow.launcher.task.TaskPrelude;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos;

/**
 * The command of a Mesos task: its {@link TaskEnvironment} and a shell prefix that finishes what
 * only the running task can do. The sandbox is known only then ({@code $MESOS_SANDBOX}), so the
 * prefix exports the variables that name places in it, creates its folders and writes its files
 * (copies of variables), then runs the {@link TaskPrelude} (artifact digest, Python environment)
 * and the entry point, in the same shell. Pure.
 */
final class MesosTaskCommand {
    private MesosTaskCommand() {
    }

    /** The command running {@code launch}'s entry point as {@code user} (null: the framework's user). */
    static Protos.CommandInfo.Builder of(LaunchSpec launch, TaskEnvironment environment,
                                         List<MesosCalls.SecretValue> secrets, String user,
                                         TaskPrelude.Settings prelude) {
        Protos.Environment.Builder env = Protos.Environment.newBuilder();
        environment.variables().forEach((k, v) -> env.addVariables(Protos.Environment.Variable.newBuilder()
                .setName(k).setValue(v)));
        for (MesosCalls.SecretValue secret : secrets) {
            if (secret.env() != null) {
                env.addVariables(Protos.Environment.Variable.newBuilder().setName(secret.env())
                        .setType(Protos.Environment.Variable.Type.SECRET).setSecret(secretOf(secret)));
            }
        }
        List<String> files = secrets.stream().map(MesosCalls.SecretValue::file).filter(Objects::nonNull).toList();
        Protos.CommandInfo.Builder command = Protos.CommandInfo.newBuilder().setShell(true)
                .setValue(secretFilesCheck(files) + sandboxSetup(environment) + TaskPrelude.of(launch, prelude)
                        + launch.entryPoint())
                .addUris(ArtifactUri.of(launch)).setEnvironment(env);
        if (user != null) {
            command.setUser(user);
        }
        return command;
    }

    /** A secret's value as Mesos takes it: a VALUE secret (the default resolver resolves no other). */
    static Protos.Secret secretOf(MesosCalls.SecretValue secret) {
        return Protos.Secret.newBuilder().setType(Protos.Secret.Type.VALUE)
                .setValue(Protos.Secret.Value.newBuilder().setData(ByteString.copyFrom(secret.value()))).build();
    }

    /**
     * Exports the sandbox variables, creates the folders and writes the files of {@code environment}
     * in {@code $MESOS_SANDBOX}: what the local backend does before it starts a task.
     */
    static String sandboxSetup(TaskEnvironment environment) {
        StringBuilder setup = new StringBuilder("export");
        environment.sandboxPaths().forEach((name, path) -> setup.append(' ').append(name).append('=')
                .append(inSandbox(path)));
        setup.append("; ");
        environment.directories().forEach(dir -> setup.append("mkdir -p ").append(inSandbox(dir)).append("; "));
        environment.files().forEach((file, variable) -> setup.append("printf '%s' \"$").append(variable)
                .append("\" > ").append(inSandbox(file)).append("; "));
        return setup.toString();
    }

    /**
     * A shell prefix that fails the task with {@link MesosCalls#MISSING_SECRET_VOLUME_EXIT} when a file
     * secret is absent: an agent without the {@code volume/secret} isolator drops SECRET volumes silently.
     */
    static String secretFilesCheck(List<String> files) {
        if (files.isEmpty()) {
            return "";
        }
        StringBuilder check = new StringBuilder("for f in");
        files.forEach(f -> check.append(' ').append(quoted(f)));
        return check.append("; do [ -e \"$f\" ] || { echo \"mesoflow: secret file $f is missing: this agent needs the ")
                .append("volume/secret isolator\" >&2; exit ").append(MesosCalls.MISSING_SECRET_VOLUME_EXIT)
                .append("; }; done; ").toString();
    }

    private static String inSandbox(String path) {
        return path.isEmpty() ? "\"$MESOS_SANDBOX\"" : "\"$MESOS_SANDBOX\"/" + quoted(path);
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
