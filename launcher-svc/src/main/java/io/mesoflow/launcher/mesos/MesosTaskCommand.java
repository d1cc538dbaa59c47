package io.mesoflow.launcher.mesos;

import com.google.protobuf.ByteString;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.launcher.task.PreemptionNotice;
import io.mesoflow.launcher.task.TaskEnvironment;
import io.mesoflow.launcher.task.TaskPrelude;
import io.mesoflow.launcher.task.TaskShell;
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
                .setValue(secretFilesCheck(files) + sandboxSetup(environment)
                        + noticeOnTerm(TaskPrelude.of(launch, prelude) + launch.entryPoint()))
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
     * Runs {@code command} so that a SIGTERM first leaves the preemption notice: a framework cannot
     * write into the agent's sandbox, so the task's shell writes {@code $MESOFLOW_PREEMPTION_NOTICE}
     * itself (temp file and rename; the grace period and deadline are unknown here: null). The command
     * runs in the background (a shell waiting for a foreground command would run its trap only after
     * it) in a shell that outlives its SIGTERM ({@link TaskShell}); the trap then passes SIGTERM on to
     * the task's process group (the DEFAULT executor signals only the container's first process; where
     * the whole tree was signalled the entry point sees it twice), or to the command's shell where this
     * shell leads no group. The task's exit status is the command's.
     */
    static String noticeOnTerm(String command) {
        String file = "\"$" + PreemptionNotice.VARIABLE + "\"";
        return "_mf_notice() { [ -n \"$_mf_term\" ] && return; _mf_term=1; printf '%s\\n' " + quoted(MESOS_NOTICE)
                + " > " + file + ".tmp && mv -f " + file + ".tmp " + file + "; "
                + "if [ \"$(cut -d' ' -f5 /proc/$$/stat 2>/dev/null)\" = \"$$\" ]; then kill -TERM 0; "
                + "else kill -TERM \"$_mf_task\"; fi 2>/dev/null; }; trap _mf_notice TERM; "
                + "{ " + TaskShell.SURVIVE_TERM + command + "\n} & _mf_task=$!; "
                + "while :; do wait \"$_mf_task\"; _mf_code=$?; kill -0 \"$_mf_task\" 2>/dev/null || break; done; "
                + "exit \"$_mf_code\"";
    }

    /** What the notice says on Mesos, where only the agent knows the grace period. */
    static final String MESOS_NOTICE = "{\"reason\": \"SIGTERM from the Mesos agent\", \"gracePeriodSeconds\": null, "
            + "\"deadline\": null}";

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
