package io.mesoflow.launcher.leader;

/** This launcher's term is over: what it was about to do must not happen. */
public class FencedException extends RuntimeException {
    public FencedException(String message) {
        super(message);
    }
}
