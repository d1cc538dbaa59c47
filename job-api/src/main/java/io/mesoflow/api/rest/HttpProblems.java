package io.mesoflow.api.rest;

import io.mesoflow.events.EventCodec;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The errors HTTP answers before a request reaches a resource (so before the exception mappers)
 * are problems too:
 * <ul>
 *   <li>{@code /api/} bodies of HTTP/1.x requests are read here, up to {@code quarkus.http.limits.max-body-size}: a
 *       larger one (by {@code Content-Length} or as it streams in) is a 413 problem, and the
 *       connection is closed after it;</li>
 *   <li>a path no route serves is a 404 problem, and any other failure status this layer raises a
 *       problem of that status.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpProblems {
    /** Before Quarkus's own body-size check (order -2), which answers 413 with an empty body. */
    static final int ORDER = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        BodyHandler bodies = BodyHandler.create(false).setDeleteUploadedFilesOnEnd(true);
        maxBodySize.ifPresent(max -> bodies.setBodyLimit(max.asLongValue()));
        router.route("/api/*").order(ORDER).handler(ctx -> {
            if (readsBody(ctx)) {
                bodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        // a chunked body may still be empty: hand the resource an empty body, not a request already read
        router.route("/api/*").order(ORDER).handler(ctx -> {
            if (readsBody(ctx) && ctx.getBody() == null) {
                ctx.setBody(Buffer.buffer());
            }
            ctx.next();
        });
        router.route().order(ORDER).failureHandler(this::failed);
        router.errorHandler(404, ctx -> write(ctx, 404, "no resource at " + ctx.request().path()));
    }

    /**
     * Whether this handler reads the body: an HTTP/1.x request that says it has one. An HTTP/2 stream
     * (a client that upgraded with h2c, as the JDK's client and so the CLI do) is left to Quarkus,
     * which must still pause it after this point: one read here would make that fail.
     */
    static boolean readsBody(RoutingContext ctx) {
        return ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2 && hasBody(ctx);
    }

    /** Whether the request says it has a body: a {@code Content-Length} above 0, or a {@code Transfer-Encoding}. */
    static boolean hasBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        return ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (length != null && !length.strip().equals("0"));
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.response().headWritten() || status < 400 || status >= 500 || ctx.failure() != null) {
            ctx.next();
            return;
        }
        String detail = status == 413 ? "the body is larger than " + maxBodySize.map(MemorySize::asLongValue)
                .map(b -> b + " bytes").orElse("allowed") : ProblemMappers.reason(status);
        if (status == 413) {
            // the rest of the body is not read: answer, then close the connection
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.response().endHandler(done -> ctx.request().connection().close());
        }
        write(ctx, status, detail);
    }

    static void write(RoutingContext ctx, int status, String detail) {
        ProblemDetail problem = ProblemDetail.of(status, status == 404 ? "not-found" : "http-" + status,
                ProblemMappers.reason(status), detail);
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE)
                .end(EventCodec.json(problem));
    }
}
