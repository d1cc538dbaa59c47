package io.mesoflow.api.console;

import io.mesoflow.api.auth.Authenticator;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.auth.RequestCredential;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The web console's login and logout. Login takes an API token (or a JWT) from the form,
 * checks it as the API does and keeps it in an HttpOnly, SameSite=Strict cookie for path
 * {@code /}, which the API accepts (see {@link RequestCredential}). The token is never put in a
 * page or a URL; a refused login goes back to the form with {@code ?error=token}.
 */
@Path("/console")
public class ConsoleLogin {
    private static final Logger LOG = Logger.getLogger(ConsoleLogin.class);
    static final String LOGIN_PAGE = "/console/login.html";
    static final String HOME_PAGE = "/console/";

    @Inject
    Authenticator authenticator;

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("token") String token, @HeaderParam("Origin") String origin,
                          @HeaderParam("Host") String host, @Context UriInfo uri) {
        if (!SameOrigin.allows(origin, host)) {
            return Response.status(403).type(MediaType.TEXT_PLAIN).entity("cross-site login refused").build();
        }
        Optional<Caller> caller = token == null ? Optional.empty() : authenticator.authenticate(token.strip());
        if (caller.isEmpty()) {
            return Response.seeOther(URI.create(LOGIN_PAGE + "?error=token")).build();
        }
        LOG.infof("console login: %s (team %s%s)", caller.get().subject(), caller.get().team(),
                caller.get().admin() ? ", admin" : "");
        return Response.seeOther(URI.create(HOME_PAGE)).cookie(cookie(token.strip(), secure(uri), -1)).build();
    }

    @POST
    @Path("/logout")
    public Response logout(@HeaderParam("Origin") String origin, @HeaderParam("Host") String host,
                           @Context UriInfo uri) {
        if (!SameOrigin.allows(origin, host)) {
            return Response.status(403).type(MediaType.TEXT_PLAIN).entity("cross-site logout refused").build();
        }
        return Response.seeOther(URI.create(LOGIN_PAGE)).cookie(cookie("", secure(uri), 0)).build();
    }

    /** The login cookie; {@code maxAge} 0 clears it, -1 keeps it for the browser session. */
    static NewCookie cookie(String value, boolean secure, int maxAge) {
        return new NewCookie.Builder(RequestCredential.COOKIE).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

    private static boolean secure(UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
    }
}
