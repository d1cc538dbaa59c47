package io.mesoflow.launcher.leader;

/** Something that runs only on the leading launcher. Taken over in {@link #order()}, stepped down in reverse. */
public interface Leadership {
    /** This launcher now leads. Throwing aborts the take-over (the lease is released). */
    void takeOver();

    /** Leadership is lost: stop acting at once. */
    void stepDown();

    /** A clean stop while leading. */
    default void shutDown() {
        stepDown();
    }

    /** Lower runs first on take-over. */
    int order();
}
