package io.mesoflow.launcher.task;

/**
 * The shell around a task's entry point that lets it use its SIGTERM grace period. A kill sends
 * SIGTERM to the task's whole process tree, so a shell between the launcher and the entry point
 * would die at once and its end would end the task (the rest of its tree SIGKILLed with it) while the
 * entry point still saves its checkpoint. The shell therefore traps SIGTERM: it waits for the command
 * it runs and then exits with that command's exit status ({@code exit} in a trap keeps the last
 * status); commands after it do not run. A caught signal is reset to its default in the processes
 * the shell starts, so the entry point itself gets SIGTERM as usual. Pure.
 */
public final class TaskShell {
    /** Traps SIGTERM until the running command has ended, then exits with its status. */
    public static final String SURVIVE_TERM = "trap exit TERM; ";

    private TaskShell() {
    }

    /** {@code command} (prelude and entry point) in a shell that outlives its SIGTERM as long as the command. */
    public static String survivingTerm(String command) {
        return SURVIVE_TERM + command;
    }
}
