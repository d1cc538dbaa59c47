package io.mesoflow.api.service;

import io.mesoflow.api.model.JobEntity;
import io.mesoflow.events.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Lists jobs newest first with filters and cursor pagination, for {@link JobQuery}. The cursor is
 * the position of the last job of a page ({@code submittedAt} and id), so pages stay stable while
 * jobs are added.
 */
@ApplicationScoped
public class JobListing {
    @Inject
    EntityManager entityManager;

    /**
     * Filters; every one is optional. {@code label} is {@code key=value}; {@code name} matches a
     * part of the job's name or id, in any case.
     */
    public record Filter(JobState state, String team, String label, Instant submittedAfter, Instant submittedBefore,
                         Boolean ended, String name) {
        public Filter(JobState state, String team, String label, Instant submittedAfter, Instant submittedBefore,
                      Boolean ended) {
            this(state, team, label, submittedAfter, submittedBefore, ended, null);
        }
    }

    /** One page and the cursor of the next (null on the last page). */
    public record Page(List<JobEntity> jobs, String nextCursor) {
    }

    @SuppressWarnings("unchecked")
    public Page list(Filter filter, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM jobs WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (filter.state() != null) {
            params.add(filter.state().name());
            sql.append(" AND state = ?").append(params.size());
        }
        if (filter.team() != null) {
            params.add(filter.team());
            sql.append(" AND team = ?").append(params.size());
        }
        if (filter.label() != null) {
            int eq = filter.label().indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("label must be key=value");
            }
            params.add(filter.label().substring(0, eq));
            int k = params.size();
            params.add(filter.label().substring(eq + 1));
            sql.append(" AND CAST(spec AS jsonb) -> 'labels' ->> ?").append(k).append(" = ?").append(params.size());
        }
        if (filter.submittedAfter() != null) {
            params.add(filter.submittedAfter());
            sql.append(" AND submitted_at >= ?").append(params.size());
        }
        if (filter.submittedBefore() != null) {
            params.add(filter.submittedBefore());
            sql.append(" AND submitted_at < ?").append(params.size());
        }
        if (filter.name() != null && !filter.name().isBlank()) {
            params.add(filter.name().strip().toLowerCase(java.util.Locale.ROOT));
            sql.append(" AND (strpos(lower(name), ?").append(params.size()).append(") > 0 OR strpos(lower(id), ?")
                    .append(params.size()).append(") > 0)");
        }
        if (filter.ended() != null) {
            sql.append(filter.ended() ? " AND ended_at IS NOT NULL" : " AND ended_at IS NULL");
        }
        if (cursor != null) {
            String[] position = decode(cursor);
            params.add(Instant.parse(position[0]));
            int t = params.size();
            params.add(position[1]);
            sql.append(" AND (submitted_at, id) < (?").append(t).append(", ?").append(params.size()).append(")");
        }
        sql.append(" ORDER BY submitted_at DESC, id DESC LIMIT ").append(limit + 1);
        var query = entityManager.createNativeQuery(sql.toString(), JobEntity.class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        List<JobEntity> rows = query.getResultList();
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<JobEntity> page = rows.subList(0, limit);
        JobEntity last = page.get(page.size() - 1);
        return new Page(page, encode(last.submittedAt + "|" + last.id));
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            Instant.parse(parts[0]);
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return parts;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cursor is not one this API gave out");
        }
    }
}
