package io.github.istiocoredns.fruits;

import static io.github.istiocoredns.fruits.ParityCase.request;

import io.github.istiocoredns.fruits.ParityCase.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * The behaviour of istiosuccinctly/fruits-api:1.0.0, one row per behaviour. Rows tagged ORIGINAL
 * were observed, with the same requests, on the original's source (MicroShakeFactory fruits-api) run
 * with the versions of its yarn.lock and Dockerfile (restify 8.4.0, restify-cors-middleware 1.1.1,
 * Node 12) on 2026-11-25 — not on the published image, which could not be pulled here; the cluster
 * tier compares against the image itself where it can pull it. DEVIATION rows say in their name
 * what the original does instead.
 *
 * <p>No server is started here: callers pass the rows to {@link ParityCheck} with a base URI, so
 * the same table serves the in-process tests, a container image and the original.
 */
public final class ParityTable {

    public static final String AU = "{\"nectarine\":2.5,\"mandarin\":2.3,\"lemon\":1.1,\"kiwi\":2.6}";
    public static final String IND = "{\"mango\":3,\"banana\":2.3,\"lychee\":1.4,\"apple\":2}";
    public static final String USA = "{\"blueberry\":2.5,\"grape\":2,\"watermelon\":3.2,\"orange\":1.3}";
    public static final String COUNTRY_NOT_AVAILABLE = "{\"code\":\"NotFound\",\"message\":\"country not available\"}";
    public static final String FRUIT_NOT_AVAILABLE = "{\"code\":\"NotFound\",\"message\":\"fruit not available\"}";
    public static final String NOT_ACCEPTABLE = "{\"code\":\"NotAcceptable\",\"message\":"
            + "\"Server accepts: application/json,text/plain,application/octet-stream,application/javascript\"}";
    static final String ORIGIN = "http://example.com";
    static final String ALLOW_HEADERS =
            "x-api-key, accept, accept-version, content-type, request-id, origin, x-api-version, x-request-id, x-requested-with";
    static final String LONG_SEGMENT_100 = "a".repeat(100);
    static final String LONG_SEGMENT_101 = "a".repeat(101);
    static final int OVERSIZED_BYTES = 20_000;

    private ParityTable() {
    }

    /** Every row for a server started with this app_version (null: unset). */
    public static List<ParityCase> rows(String appVersion) {
        List<ParityCase> rows = new ArrayList<>();
        rows.addAll(countryRows());
        rows.addAll(priceRows());
        rows.addAll(specialFruitRows(appVersion));
        rows.addAll(routerRows());
        rows.addAll(pathToleranceRows());
        rows.addAll(corsRows());
        rows.addAll(acceptRows());
        rows.addAll(authorizationRows());
        rows.addAll(badInputRows());
        rows.addAll(healthRows());
        return List.copyOf(rows);
    }

    /** Rows whose expectation was observed on the original, for a server with this app_version. */
    public static List<ParityCase> originalRows(String appVersion) {
        return rows(appVersion).stream().filter(row -> row.has(Tag.ORIGINAL)).toList();
    }

    public static List<ParityCase> countryRows() {
        return List.of(
                fruits("au", "/api/fruits/au", AU),
                fruits("ind", "/api/fruits/ind", IND),
                fruits("usa", "/api/fruits/usa", USA),
                fruits("AU upper case", "/api/fruits/AU", AU),
                fruits("USA upper case", "/api/fruits/USA", USA),
                fruits("Ind mixed case", "/api/fruits/Ind", IND),
                fruits("uSa mixed case", "/api/fruits/uSa", USA),
                fruits("percent-encoded letter %41U is AU", "/api/fruits/%41U", AU),
                handlerError("unknown country fr", "/api/fruits/fr", COUNTRY_NOT_AVAILABLE),
                handlerError("SPECIAL is a country (the special route is case-sensitive)", "/api/fruits/SPECIAL", COUNTRY_NOT_AVAILABLE),
                handlerError("sp%65cial is a country (static segments match encoded)", "/api/fruits/sp%65cial", COUNTRY_NOT_AVAILABLE),
                handlerError("encoded non-ASCII country caf%C3%A9", "/api/fruits/caf%C3%A9", COUNTRY_NOT_AVAILABLE),
                handlerError("encoded emoji country", "/api/fruits/%F0%9F%8D%8E", COUNTRY_NOT_AVAILABLE),
                handlerError("encoded slash stays in the country", "/api/fruits/au%2Fkiwi", COUNTRY_NOT_AVAILABLE),
                handlerError("plus sign is literal", "/api/fruits/a+u", COUNTRY_NOT_AVAILABLE),
                handlerError("semicolon is part of the country", "/api/fruits/au;x=1", COUNTRY_NOT_AVAILABLE),
                handlerError("country of 100 characters reaches the handler", "/api/fruits/" + LONG_SEGMENT_100,
                        COUNTRY_NOT_AVAILABLE),
                routerNotFound("country of 101 characters matches no route (find-my-way maxParamLength)",
                        "GET", "/api/fruits/" + LONG_SEGMENT_101, "/api/fruits/" + LONG_SEGMENT_101));
    }

    public static List<ParityCase> priceRows() {
        return List.of(
                price("au", "nectarine", "2.5"), price("au", "mandarin", "2.3"), price("au", "lemon", "1.1"),
                price("au", "kiwi", "2.6"), price("ind", "mango", "3"), price("ind", "banana", "2.3"),
                price("ind", "lychee", "1.4"), price("ind", "apple", "2"), price("usa", "blueberry", "2.5"),
                price("usa", "grape", "2"), price("usa", "watermelon", "3.2"), price("usa", "orange", "1.3"),
                fruits("price with upper-case country", "/api/fruits/AU/kiwi/price", "{\"price\":2.6}"),
                fruits("price with encoded fruit name", "/api/fruits/au/kiw%69/price", "{\"price\":2.6}"),
                handlerError("fruit name is case-sensitive", "/api/fruits/au/Kiwi/price", FRUIT_NOT_AVAILABLE),
                handlerError("fruit of another country", "/api/fruits/au/mango/price", FRUIT_NOT_AVAILABLE),
                handlerError("price for unknown country", "/api/fruits/fr/kiwi/price", COUNTRY_NOT_AVAILABLE),
                handlerError("price below the special route name", "/api/fruits/special/kiwi/price", COUNTRY_NOT_AVAILABLE),
                handlerError("fruit named special", "/api/fruits/au/special/price", FRUIT_NOT_AVAILABLE),
                handlerError("fruit of 100 characters reaches the handler",
                        "/api/fruits/au/" + LONG_SEGMENT_100 + "/price", FRUIT_NOT_AVAILABLE),
                routerNotFound("fruit of 101 characters matches no route", "GET",
                        "/api/fruits/au/" + LONG_SEGMENT_101 + "/price", "/api/fruits/au/" + LONG_SEGMENT_101 + "/price"),
                handlerError("constructor is an unknown fruit (original: 200 {} from Object.prototype)",
                        "/api/fruits/usa/constructor/price", FRUIT_NOT_AVAILABLE).tagged(Tag.DEVIATION),
                handlerError("__proto__ is an unknown fruit (original: 200 {\"price\":{}})",
                        "/api/fruits/au/__proto__/price", FRUIT_NOT_AVAILABLE).tagged(Tag.DEVIATION));
    }

    /** The special fruit: "1", unset and empty give Mango; anything else Orange. */
    public static List<ParityCase> specialFruitRows(String appVersion) {
        SpecialFruit expected = SpecialFruit.forAppVersion(appVersion);
        String body = "{\"ver\":" + JsJson.string(expected.version()) + ",\"fruit\":\"" + expected.fruit() + "\"}";
        String label = "special with app_version " + (appVersion == null ? "unset" : "'" + appVersion + "'");
        return List.of(
                fruits(label, "/api/fruits/special", body).tagged(Tag.ORIGINAL, Tag.VERSIONED),
                fruits(label + ", trailing slash", "/api/fruits/special/", body).tagged(Tag.ORIGINAL, Tag.VERSIONED),
                fruits(label + ", query string", "/api/fruits/special?country=au", body).tagged(Tag.ORIGINAL, Tag.VERSIONED));
    }

    public static List<ParityCase> routerRows() {
        return List.of(
                routerNotFound("unknown path", "GET", "/nope", "/nope"),
                routerNotFound("root", "GET", "/", "/"),
                routerNotFound("collection without country", "GET", "/api/fruits", "/api/fruits"),
                routerNotFound("collection with trailing slash (quoted without it)", "GET", "/api/fruits/", "/api/fruits"),
                routerNotFound("routes are case-sensitive", "GET", "/API/fruits/au", "/API/fruits/au"),
                routerNotFound("country and fruit without /price", "GET", "/api/fruits/au/kiwi", "/api/fruits/au/kiwi"),
                routerNotFound("Price is case-sensitive", "GET", "/api/fruits/au/kiwi/Price", "/api/fruits/au/kiwi/Price"),
                routerNotFound("extra segment after price", "GET", "/api/fruits/au/kiwi/price/extra",
                        "/api/fruits/au/kiwi/price/extra"),
                routerNotFound("query string is not quoted", "GET", "/nope?x=1", "/nope"),
                routerNotFound("quoted path is sanitized", "GET", "//nope//x/", "/nope/x"),
                routerNotFound("apostrophe is quoted as sent", "GET", "/it's", "/it's"),
                routerNotFound("POST on unknown path is 404, not 405", "POST", "/nope", "/nope"),
                methodNotAllowed("POST", "/api/fruits/au"),
                methodNotAllowed("PUT", "/api/fruits/special"),
                methodNotAllowed("DELETE", "/api/fruits/au/kiwi/price"),
                methodNotAllowed("PATCH", "/api/fruits/ind"),
                methodNotAllowed("PROPFIND", "/api/fruits/au"),
                methodNotAllowed("OPTIONS", "/api/fruits/au"),
                methodNotAllowed("OPTIONS", "/api/fruits/au").withHeader("Origin", ORIGIN)
                        .named("OPTIONS with Origin but no Access-Control-Request-Method is 405"),
                request("HEAD on a route is 405 without body", "HEAD", "/api/fruits/au")
                        .noBody(405).expectHeader("Allow", "GET").withoutFullResponse(),
                request("HEAD on unknown path is 404 without body", "HEAD", "/nope")
                        .noBody(404).withoutFullResponse(),
                methodNotAllowed("FOO", "/api/fruits/au").tagged(Tag.DEVIATION), // original: Node drops the connection
                routerNotFound("unknown method FOO on unknown path (original: connection dropped)", "FOO", "/nope", "/nope")
                        .tagged(Tag.DEVIATION),
                fruits("X-HTTP-Method-Override is ignored", "/api/fruits/au", AU)
                        .withHeader("X-HTTP-Method-Override", "POST"));
    }

    public static List<ParityCase> pathToleranceRows() {
        return List.of(
                fruits("trailing slash", "/api/fruits/au/", AU),
                fruits("two trailing slashes", "/api/fruits/au//", AU),
                fruits("doubled slashes", "//api//fruits//au", AU),
                fruits("query string", "/api/fruits/au?x=1&y", AU),
                fruits("trailing slash and query string", "/api/fruits/au/?x=1", AU),
                fruits("price with trailing slash", "/api/fruits/au/kiwi/price/", "{\"price\":2.6}"),
                fruits("bad escape in the query is ignored", "/api/fruits/au/kiwi/price?x=%ZZ", "{\"price\":2.6}"));
    }

    public static List<ParityCase> corsRows() {
        return List.of(
                fruits("CORS simple request", "/api/fruits/au", AU).withHeader("Origin", ORIGIN).corsActual(ORIGIN),
                handlerError("CORS on a handler error", "/api/fruits/fr", COUNTRY_NOT_AVAILABLE)
                        .withHeader("Origin", ORIGIN).corsActual(ORIGIN),
                routerNotFound("no CORS headers on router 404", "GET", "/nope", "/nope").withHeader("Origin", ORIGIN),
                methodNotAllowed("POST", "/api/fruits/au").withHeader("Origin", ORIGIN).named("no CORS headers on router 405"),
                preflight("preflight on a route", "/api/fruits/au", "GET", ORIGIN),
                preflight("preflight on an unknown path", "/nope", "POST", ORIGIN)
                        .withHeader("Access-Control-Request-Headers", "x-api-key"),
                preflight("preflight with origin null and a lower-case method", "/api/fruits/au", "get", "null"),
                preflight("preflight with query string", "/api/fruits/au?x=1", "GET", ORIGIN));
    }

    public static List<ParityCase> acceptRows() {
        return List.of(
                notAcceptable("Accept text/html", "text/html"),
                notAcceptable("Accept application/xml", "application/xml"),
                notAcceptable("unparsable Accept", "garbage"),
                notAcceptable("Accept with charset parameter (negotiator quirk)", "application/json; charset=utf-8"),
                notAcceptable("Accept with q=0", "application/json;q=0"),
                notAcceptable("Accept with unparsable q", "application/json;q=abc"),
                notAcceptable("406 keeps CORS headers", "text/html").withHeader("Origin", ORIGIN).corsActual(ORIGIN),
                fruits("Accept text/plain", "/api/fruits/au", AU).withHeader("Accept", "text/plain"),
                fruits("Accept application/*", "/api/fruits/au", AU).withHeader("Accept", "application/*"),
                fruits("Accept text/*", "/api/fruits/au", AU).withHeader("Accept", "text/*"),
                fruits("Accept */* with low q", "/api/fruits/au", AU).withHeader("Accept", "*/*;q=0.1"),
                fruits("Accept is case-insensitive", "/api/fruits/au", AU).withHeader("Accept", "APPLICATION/JSON"),
                fruits("JSON excluded but */* accepted", "/api/fruits/au", AU).withHeader("Accept", "application/json;q=0, */*"),
                fruits("browser Accept", "/api/fruits/au", AU).withHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                routerNotFound("router 404 comes before Accept", "GET", "/nope", "/nope").withHeader("Accept", "text/html"));
    }

    public static List<ParityCase> authorizationRows() {
        return List.of(
                invalidHeader("Basic with undecodable credentials", "Basic !!!", "Authorization header invalid"),
                invalidHeader("scheme without credentials", "Bearer", "BasicAuth content is invalid."),
                invalidHeader("Basic starting with padding", "Basic =YWJj", "Authorization header invalid"),
                invalidHeader("Basic with one base64 character", "Basic Y", "Authorization header invalid"),
                invalidHeader("Basic with two spaces", "Basic  YWJj", "Authorization header invalid"),
                fruits("Basic with two base64 characters", "/api/fruits/au", AU).withHeader("Authorization", "Basic YW"),
                fruits("lower-case basic", "/api/fruits/au", AU).withHeader("Authorization", "basic YWJj"),
                fruits("Bearer token passes", "/api/fruits/au", AU).withHeader("Authorization", "Bearer abc.def"),
                routerNotFound("router 404 comes before Authorization", "GET", "/nope", "/nope")
                        .withHeader("Authorization", "Basic !!!"),
                notAcceptable("Accept is checked before Authorization", "text/html").withHeader("Authorization", "Basic !!!"),
                invalidHeader("400 keeps CORS headers", "Basic", "BasicAuth content is invalid.")
                        .withHeader("Origin", ORIGIN).corsActual(ORIGIN));
    }

    public static List<ParityCase> badInputRows() {
        return List.of(
                routerNotFound("path traversal", "GET", "/api/fruits/../../etc/passwd", "/api/fruits/../../etc/passwd"),
                routerNotFound("encoded path traversal %2e%2e", "GET", "/api/fruits/%2e%2e/%2e%2e/etc/passwd",
                        "/api/fruits/%2e%2e/%2e%2e/etc/passwd"),
                routerNotFound("traversal with encoded slashes", "GET", "/api/fruits/..%2f..%2fetc/passwd",
                        "/api/fruits/..%2f..%2fetc/passwd"),
                handlerError("encoded dot-dot as country", "/api/fruits/%2e%2e", COUNTRY_NOT_AVAILABLE),
                handlerError("dot-dot as country", "/api/fruits/..", COUNTRY_NOT_AVAILABLE),
                handlerError("encoded backslashes", "/api/fruits/%5C..%5C", COUNTRY_NOT_AVAILABLE),
                routerNotFound("dot segment is not resolved", "GET", "/./api/fruits/au", "/./api/fruits/au"),
                routerNotFound("truncated UTF-8", "GET", "/api/fruits/%C3", "/api/fruits/%C3"),
                routerNotFound("truncated 3-byte UTF-8", "GET", "/api/fruits/%E2%82", "/api/fruits/%E2%82"),
                routerNotFound("overlong UTF-8 dots", "GET", "/api/fruits/%C0%AE%C0%AE", "/api/fruits/%C0%AE%C0%AE"),
                routerNotFound("UTF-16 escape", "GET", "/api/fruits/%u0041U", "/api/fruits/%u0041U"),
                routerNotFound("bad UTF-8 on POST is 404, not 405", "POST", "/api/fruits/%C3", "/api/fruits/%C3"),
                badUri("invalid escape %ZZ (original: 404 ResourceNotFound)", "/api/fruits/%ZZ",
                        "bad request URI: malformed percent-encoding"),
                badUri("invalid escape in fruit (original: 404 ResourceNotFound)", "/api/fruits/au/%ZZ/price",
                        "bad request URI: malformed percent-encoding"),
                badUri("truncated escape %2 (original: 404 ResourceNotFound)", "/api/fruits/%2",
                        "bad request URI: malformed percent-encoding"),
                badUri("traversal above the root (original: 404 ResourceNotFound)", "/../../etc/passwd",
                        "bad request URI: '..' segments lead above the root, or the URI is malformed"),
                badUri("encoded NUL (original: country not available)", "/api/fruits/au%00",
                        "bad request URI: Illegal character in path"),
                request("very long URI is 414 (original: Node closes the connection)", "GET",
                        "/api/fruits/" + "a".repeat(OVERSIZED_BYTES))
                        .json(414, "{\"code\":\"UriTooLong\",\"message\":\"request URI is too long: "
                                + "the request line and headers may have at most 16384 bytes\"}")
                        .withoutFullResponse().tagged(Tag.DEVIATION, Tag.OVERSIZED),
                request("oversized header is 431 (original: bare 431, no body)", "GET", "/api/fruits/au")
                        .withHeader("X-Big", "b".repeat(OVERSIZED_BYTES))
                        .json(431, "{\"code\":\"RequestHeaderFieldsTooLarge\",\"message\":\"request header fields are too large: "
                                + "the request line and headers may have at most 16384 bytes\"}")
                        .withoutFullResponse().tagged(Tag.DEVIATION, Tag.OVERSIZED));
    }

    public static List<ParityCase> healthRows() {
        return List.of(
                fruits("liveness", "/healthz", "{\"status\":\"ok\"}").tagged(Tag.ADDITION),
                fruits("readiness", "/readyz", "{\"status\":\"ready\"}").tagged(Tag.ADDITION),
                fruits("health ignores Accept", "/healthz", "{\"status\":\"ok\"}").withHeader("Accept", "text/html")
                        .tagged(Tag.ADDITION),
                methodNotAllowed("POST", "/healthz").tagged(Tag.ADDITION));
    }

    private static ParityCase fruits(String name, String path, String body) {
        return request(name, "GET", path).json(200, body).fullResponse().noCors();
    }

    private static ParityCase price(String country, String fruit, String price) {
        return fruits("price of " + fruit + " in " + country, "/api/fruits/" + country + "/" + fruit + "/price",
                "{\"price\":" + price + "}");
    }

    private static ParityCase handlerError(String name, String path, String body) {
        return request(name, "GET", path).json(404, body).fullResponse().noCors();
    }

    private static ParityCase routerNotFound(String name, String method, String path, String quotedPath) {
        return request(name, method, path)
                .json(404, "{\"code\":\"ResourceNotFound\",\"message\":" + JsJson.string(quotedPath + " does not exist") + "}")
                .withoutFullResponse().noCors().expectAbsent("Allow");
    }

    private static ParityCase methodNotAllowed(String method, String path) {
        return request(method + " on " + path + " is 405", method, path)
                .json(405, "{\"code\":\"MethodNotAllowed\",\"message\":\"" + method + " is not allowed\"}")
                .expectHeader("Allow", "GET").withoutFullResponse().noCors();
    }

    private static ParityCase preflight(String name, String path, String requestedMethod, String origin) {
        return request(name, "OPTIONS", path)
                .withHeader("Origin", origin)
                .withHeader("Access-Control-Request-Method", requestedMethod)
                .noBody(204)
                .expectHeader("Access-Control-Allow-Origin", origin)
                .expectHeader("Access-Control-Allow-Credentials", "true")
                .expectHeader("Access-Control-Max-Age", "5")
                .expectHeader("Access-Control-Allow-Methods", requestedMethod + ", OPTIONS")
                .expectHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
                .withoutFullResponse()
                .expectAbsent("Access-Control-Expose-Headers");
    }

    private static ParityCase notAcceptable(String name, String accept) {
        return request(name, "GET", "/api/fruits/au").withHeader("Accept", accept)
                .json(406, NOT_ACCEPTABLE).withoutFullResponse();
    }

    private static ParityCase invalidHeader(String name, String authorization, String message) {
        return request(name, "GET", "/api/fruits/fr").withHeader("Authorization", authorization)
                .json(400, "{\"code\":\"InvalidHeader\",\"message\":" + JsJson.string(message) + "}")
                .withoutFullResponse();
    }

    private static ParityCase badUri(String name, String path, String message) {
        return request(name, "GET", path)
                .json(400, "{\"code\":\"BadRequest\",\"message\":" + JsJson.string(message) + "}")
                .withoutFullResponse().noCors().tagged(Tag.DEVIATION);
    }
}
