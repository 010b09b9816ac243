package io.github.istiocoredns.fruits;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The steps the original runs around its route handlers (app.ts), in its order:
 * <ol>
 *   <li>{@code pre}: CORS preflight (answers 204 for any path), then sanitizePath;</li>
 *   <li>the router: 404 ResourceNotFound / 405 MethodNotAllowed when no route matches;</li>
 *   <li>{@code use}, matched routes only: CORS actual-request headers, requestLogger,
 *       acceptParser (406), bodyParser, queryParser, authorizationParser (400), fullResponse.</li>
 * </ol>
 * Javalin's router does the matching; these handlers add what restify does differently.
 */
public final class RestifyPipeline {

    private RestifyPipeline() {
    }

    /** Javalin {@code before}: runs for every request, first. */
    public static void beforeEveryRequest(Context ctx) {
        RequestInfo.begin(ctx);
        ctx.header("Server", RestifyResponse.SERVER_NAME);
        String origin = joinedHeader(ctx, "Origin");
        String requestedMethod = joinedHeader(ctx, "Access-Control-Request-Method");
        if (CorsPolicy.isPreflight(ctx.req().getMethod(), origin, requestedMethod)) {
            CorsPolicy.preflightHeaders(origin, requestedMethod).forEach(ctx::header);
            RestifyResponse.sendHeadersOnly(ctx, 204);
            ctx.skipRemainingHandlers();
            return;
        }
        if (RestifyPath.defeatsRouter(ctx.path())) {
            throw ApiError.resourceNotFound(RestifyPath.sanitize(ctx.path()));
        }
    }

    /** Javalin {@code beforeMatched} on the original's routes: restify's {@code use} chain. */
    public static void beforeMatchedApiRoute(Context ctx) {
        if (ctx.method().equals(HandlerType.HEAD)) {
            // restify registers GET routes only; Javalin would answer HEAD from the GET route
            throw ApiError.methodNotAllowed("HEAD");
        }
        CorsPolicy.actualRequestHeaders(joinedHeader(ctx, "Origin")).forEach(ctx::header);
        if (!AcceptNegotiation.acceptsAnyServerType(joinedHeader(ctx, "Accept"))) {
            throw ApiError.notAcceptable(AcceptNegotiation.NOT_ACCEPTABLE_MESSAGE);
        }
        AuthorizationCheck.rejection(ctx.header("Authorization")).ifPresent(error -> {
            throw error;
        });
    }

    /** The router's 404, quoting the sanitized path as restify does. */
    public static ApiError unknownPath(Context ctx) {
        return ApiError.resourceNotFound(RestifyPath.sanitize(ctx.path()));
    }

    /** The router's 405, naming the method as sent (restify uses req.method). */
    public static ApiError methodNotAllowed(Context ctx) {
        return ApiError.methodNotAllowed(ctx.req().getMethod());
    }

    /**
     * A repeated header as Node presents it: values joined with ", " (Node's IncomingMessage does
     * this for headers such as Accept and Origin); null when absent.
     */
    static String joinedHeader(Context ctx, String name) {
        Enumeration<String> values = ctx.req().getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        List<String> all = Collections.list(values);
        return String.join(", ", all);
    }
}
