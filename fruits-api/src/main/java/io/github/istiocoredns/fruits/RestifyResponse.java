package io.github.istiocoredns.fruits;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Writes answers with the headers restify would send.
 *
 * <p>Every answer: {@code Server: fruits-api} (restify.createServer name), Date (Jetty), and for a
 * body {@code Content-Type: application/json} without charset and Content-Length, as restify's
 * JSON formatter sends them. Answers of route handlers also get restify's fullResponse headers
 * (lib/plugins/fullResponse.js): Content-MD5 (base64 of the body's MD5), Request-Id and
 * Response-Time in whole milliseconds. fullResponse's {@code Connection: Keep-Alive} is not
 * copied: it is a hop-by-hop header that Jetty manages itself.
 */
public final class RestifyResponse {

    public static final String SERVER_NAME = "fruits-api";
    public static final String JSON = "application/json";

    private RestifyResponse() {
    }

    /** An answer of a route handler, with the full-response headers. */
    public static void sendFromHandler(Context ctx, int status, String body) {
        addFullResponseHeaders(ctx, body);
        send(ctx, status, body);
    }

    /** An error answer; 405 names the one method every route allows. */
    public static void sendError(Context ctx, ApiError error) {
        if (error.status() == 405) {
            ctx.header("Allow", "GET"); // every route of the service is GET-only
        }
        if (error.withFullResponseHeaders()) {
            addFullResponseHeaders(ctx, error.body());
        }
        if ("HEAD".equals(ctx.req().getMethod())) {
            sendHeadersOnly(ctx, error.status()); // restify sends no Content-Type nor length on HEAD
        } else {
            send(ctx, error.status(), error.body());
        }
    }

    /** An answer without body and without Content-Type (204 preflight, HEAD). */
    public static void sendHeadersOnly(Context ctx, int status) {
        ctx.status(status);
        ctx.res().setContentType(null);
    }

    private static void send(Context ctx, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ctx.status(status);
        ctx.res().setContentType(JSON);
        ctx.res().setContentLength(bytes.length);
        ctx.result(bytes);
    }

    private static void addFullResponseHeaders(Context ctx, String body) {
        RequestInfo info = RequestInfo.of(ctx);
        ctx.header("Content-MD5", contentMd5(body));
        ctx.header("Request-Id", info.id());
        ctx.header("Response-Time", String.valueOf(info.elapsedMillis()));
    }

    /** base64 of the MD5 of the UTF-8 body, as fullResponse.js computes it over res._data. */
    public static String contentMd5(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }
}
