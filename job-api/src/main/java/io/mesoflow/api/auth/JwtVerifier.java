package io.mesoflow.api.auth;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/** Verifies JWT bearer tokens with SmallRye JWT against the configured public key. */
@ApplicationScoped
public class JwtVerifier {
    private static final Logger LOG = Logger.getLogger(JwtVerifier.class);
    private final AuthConfig.Jwt config;
    private final DefaultJWTParser parser;

    @Inject
    public JwtVerifier(AuthConfig config) {
        this.config = config.jwt();
        this.parser = this.config.publicKeyLocation().map(location -> {
            JWTAuthContextInfo context = new JWTAuthContextInfo(location, this.config.issuer().orElse(null));
            return new DefaultJWTParser(context);
        }).orElse(null);
    }

    /** The caller a valid JWT names; empty when JWTs are off or the token does not verify. */
    public Optional<Caller> verify(String token) {
        if (parser == null) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            Object team = jwt.getClaim(config.teamClaim());
            boolean admin = jwt.getGroups() != null && jwt.getGroups().contains(config.adminGroup());
            if (team == null && !admin) {
                LOG.debugf("JWT of %s names no team (claim %s)", jwt.getSubject(), config.teamClaim());
                return Optional.empty();
            }
            String teamName = team == null ? null : String.valueOf(team).replaceAll("^\"|\"$", "");
            return Optional.of(new Caller(jwt.getSubject() == null ? jwt.getName() : jwt.getSubject(), teamName, admin));
        } catch (ParseException e) {
            LOG.debugf("JWT refused: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
