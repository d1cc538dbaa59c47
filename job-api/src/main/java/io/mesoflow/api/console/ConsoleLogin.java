package io.mesoflow.api.console;

import io.mesoflow.api.ApiConfig;
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
import jakarta.ws.rs.core.HttpHeaders;
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
 * {@code /}, which the API accepts (see {@link RequestCredential}), {@code Secure} over HTTPS (also
 * behind a proxy, see {@link CookieSecurity}). The token is never put in a page or a URL; a refused
 * login goes back to the form with {@code ?error=token}. Logout only clears the cookie: the token
 * itself stays valid until it is revoked.
 */
@Path("/console")
public class ConsoleLogin {
    private static final Logger LOG = Logger.getLogger(ConsoleLogin.class);
    static final String LOGIN_PAGE = "/console/login.html";
    static final String HOME_PAGE = "/console/";

    @Inject
    Authenticator authenticator;

    @Inject
    ApiConfig config;

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("token") String token, @HeaderParam("Origin") String origin,
                          @HeaderParam("Host") String host, @Context UriInfo uri,
                          @Context HttpHeaders headers) {
        if (!SameOrigin.allows(origin, host)) {
            return Response.status(403).type(MediaType.TEXT_PLAIN).entity("cross-site login refused").build();
        }
        Optional<Caller> caller = token == null ? Optional.empty() : authenticator.authenticate(token.strip());
        if (caller.isEmpty()) {
            return Response.seeOther(URI.create(LOGIN_PAGE + "?error=token")).build();
        }
        LOG.infof("console login: %s (team %s%s)", caller.get().subject(), caller.get().team(),
                caller.get().admin() ? ", admin" : "");
        return Response.seeOther(URI.create(HOME_PAGE)).cookie(cookie(token.strip(), secure(uri, headers), -1))
                .build();
    }

    @POST
    @Path("/logout")
    public Response logout(@HeaderParam("Origin") String origin, @HeaderParam("Host") String host,
                           @Context UriInfo uri, @Context HttpHeaders headers) {
        if (!SameOrigin.allows(origin, host)) {
            return Response.status(403).type(MediaType.TEXT_PLAIN).entity("cross-site logout refused").build();
        }
        return Response.seeOther(URI.create(LOGIN_PAGE)).cookie(cookie("", secure(uri, headers), 0)).build();
    }

    /** The login cookie; {@code maxAge} 0 clears it, -1 keeps it for the browser session. */
    static NewCookie cookie(String value, boolean secure, int maxAge) {
        return new NewCookie.Builder(RequestCredential.COOKIE).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

    /** {@code Secure} per {@code mesoflow.api.console.secure-cookie} ({@link CookieSecurity}). */
    private boolean secure(UriInfo uri, HttpHeaders headers) {
        return CookieSecurity.secure(config.console().secureCookie(), uri.getRequestUri().getScheme(),
                headers.getHeaderString("X-Forwarded-Proto"), headers.getHeaderString("Forwarded"));
    }
}
