package io.github.istiocoredns.fruits;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors that Jetty raises before Javalin sees the request (a request line longer
 * than the header buffer: 414, too many header bytes: 431, a malformed request: 400) in the
 * service's JSON shape instead of Jetty's HTML page.
 *
 * <p>The original (Node 12's HTTP parser) closes the connection with a bare 431 or nothing at all
 * for these; a JSON body saying what was wrong is a deliberate improvement.
 */
public final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = statusOf(request, response);
        ApiError error = ApiError.ofStatus(status, messageFor(request, status));
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.SERVER, RestifyResponse.SERVER_NAME);
        StructuredLog.request(request.getMethod(), pathOf(request), status, 0, UUID.randomUUID().toString());
        if ("HEAD".equals(request.getMethod()) || HttpStatus.hasNoBody(status)) {
            callback.succeeded();
            return true;
        }
        byte[] body = error.body().getBytes(StandardCharsets.UTF_8);
        headers.put(HttpHeader.CONTENT_TYPE, RestifyResponse.JSON);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static String rawPathOf(Request request) {
        try {
            return request.getHttpURI().getPath();
        } catch (RuntimeException unparsable) {
            return null;
        }
    }

    private static int statusOf(Request request, Response response) {
        Object cause = request.getAttribute(ERROR_EXCEPTION);
        if (cause instanceof HttpException httpException) {
            return httpException.getCode();
        }
        return response.getStatus() >= 400 ? response.getStatus() : 500;
    }

    private static String messageFor(Request request, int status) {
        switch (status) {
            case 414:
                return "request URI is too long: the request line and headers may have at most "
                        + FruitsApp.REQUEST_HEAD_LIMIT_BYTES + " bytes";
            case 431:
                return "request header fields are too large: the request line and headers may have at most "
                        + FruitsApp.REQUEST_HEAD_LIMIT_BYTES + " bytes";
            default:
                break;
        }
        Object cause = request.getAttribute(ERROR_EXCEPTION);
        if (cause instanceof Throwable failure && failure.getCause() instanceof IllegalArgumentException uriFailure) {
            return describeUriFailure(uriFailure);
        }
        if (cause instanceof HttpException httpException && httpException.getReason() != null) {
            return httpException.getReason();
        }
        Object message = request.getAttribute(ERROR_MESSAGE);
        if (message instanceof String text && !text.isBlank() && status < 500) {
            return text;
        }
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "request failed" : reason;
    }

    /**
     * Jetty's parser rejects some request URIs before any handler sees them, so the path is lost
     * and the answer cannot be restify's (404 ResourceNotFound or "country not available"):
     * {@code %ZZ} (NumberFormatException "!hex Z"), a truncated {@code %2} ("Bad URI % encoding"),
     * {@code /../x} above the root ("Bad URI") and {@code %00} ("Illegal character in path").
     */
    private static String describeUriFailure(IllegalArgumentException failure) {
        String detail = String.valueOf(failure.getMessage());
        if (failure instanceof NumberFormatException || detail.contains("encoding")) {
            return "bad request URI: malformed percent-encoding";
        }
        if (detail.equals("Bad URI")) {
            return "bad request URI: '..' segments lead above the root, or the URI is malformed";
        }
        return "bad request URI: " + detail;
    }

    private static String pathOf(Request request) {
        String path = rawPathOf(request);
        return path == null ? "-" : abbreviate(path);
    }

    /** Keeps the access log line short for 414s. */
    private static String abbreviate(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "...(" + path.length() + " chars)";
    }
}
