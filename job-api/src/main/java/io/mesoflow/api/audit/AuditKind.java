package io.mesoflow.api.audit;

/** What an audit entry records. */
public enum AuditKind {
    /** An admin created a team ({@code PUT /api/v1/teams/{team}}), with its quota. */
    TEAM_CREATED,
    /** An admin set an existing team's quota. */
    QUOTA_SET,
    /** An API token was issued (by an admin, or by job-api itself at start-up); never the token. */
    TOKEN_ISSUED,
    /** An admin revoked an API token. */
    TOKEN_REVOKED,
    /** A caller asked for, changed or submitted for another team's job or team, and was refused. */
    CROSS_TEAM_REFUSED,
    /** A caller who is not an admin asked for something only admins may do. */
    ADMIN_REFUSED,
    /** An admin stored a secret in the local store (its name only, never the value). */
    SECRET_PUT,
    /** An admin deleted a secret from the local store. */
    SECRET_DELETED,
    /** A caller asked to suspend a job (REST, console or a Kafka command), with the reason. */
    JOB_SUSPEND_REQUESTED,
    /** A caller asked to resume a job they had suspended. */
    JOB_RESUME_REQUESTED
}
