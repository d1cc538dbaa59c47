package io.mesoflow.api.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.NotAuthorizedException;

/** The authenticated caller of the current request, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new NotAuthorizedException("Bearer");
        }
        return caller;
    }
}
