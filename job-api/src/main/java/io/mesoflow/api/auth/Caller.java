package io.mesoflow.api.auth;

/**
 * Who makes a request: a user of one team, or an admin (who sees every team). Comes from an API
 * token or a JWT; never holds the credential itself.
 *
 * @param subject the token's name or the JWT's subject, for audit and logs
 * @param team    the caller's team; null for an admin token that belongs to no team
 */
public record Caller(String subject, String team, boolean admin) {
    /** The identity of jobs submitted over Kafka (whoever may produce to the topic may submit). */
    public static Caller kafka() {
        return new Caller("kafka", null, true);
    }

    /** Whether this caller may see and change the jobs of {@code otherTeam}. */
    public boolean canAccess(String otherTeam) {
        return admin || (team != null && team.equals(otherTeam));
    }
}
