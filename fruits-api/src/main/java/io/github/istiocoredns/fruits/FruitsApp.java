package io.github.istiocoredns.fruits;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The service assembled in one place: routes, the restify-compatible steps around them, Jetty
 * settings, health and graceful shutdown. {@code create} builds it; {@code start} binds the port
 * (0 for a free one); {@code shutdownGracefully} is what SIGTERM runs.
 */
public final class FruitsApp {

    /**
     * Javalin's LEGACY URI compliance plus bad percent-encodings, bad UTF-8 and characters
     * outside RFC 3986 ({@code "}, {@code <}, raw UTF-8), which Node's parser lets through to
     * restify. So such paths reach the router and get restify's answers (404 ResourceNotFound or
     * "country not available") instead of Jetty's 400. The path is only ever matched against
     * routes, never used to open a file.
     */
    static final UriCompliance RESTIFY_LIKE_URIS = UriCompliance.LEGACY.with("RESTIFY_LIKE",
            UriCompliance.Violation.BAD_PERCENT_ENCODING,
            UriCompliance.Violation.BAD_UTF8_ENCODING,
            UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS);

    /**
     * Limit of the request line plus headers. Node's default (--max-http-header-size) is 16 KiB,
     * Jetty's 8 KiB; a sidecar's tracing headers should not push a request over it.
     */
    static final int REQUEST_HEAD_LIMIT_BYTES = 16 * 1024;

    private final AppSettings settings;
    private final HealthHandlers health;
    private final GracefulHandler inFlight;
    private final Javalin javalin;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean(false);

    private FruitsApp(AppSettings settings, HealthHandlers health, GracefulHandler inFlight, Javalin javalin) {
        this.settings = settings;
        this.health = health;
        this.inFlight = inFlight;
        this.javalin = javalin;
    }

    public static FruitsApp create(AppSettings settings) {
        FruitHandlers fruits = new FruitHandlers(FruitCatalog.standard(), SpecialFruit.forAppVersion(settings.appVersion()));
        HealthHandlers health = new HealthHandlers();
        GracefulHandler inFlight = new GracefulHandler(); // counts in-flight requests so stop() waits for them
        Javalin javalin = Javalin.create(config -> {
            configureServer(config, settings, inFlight);
            configureRoutes(config, fruits, health, settings);
        });
        return new FruitsApp(settings, health, inFlight, javalin);
    }

    public FruitsApp start() {
        javalin.start(settings.port());
        return this;
    }

    /** The bound port (useful after starting on port 0). */
    public int port() {
        return javalin.port();
    }

    public Javalin javalin() {
        return javalin;
    }

    public boolean isReady() {
        return health.isReady();
    }

    /** Requests being handled right now (what a graceful stop waits for). */
    public long activeRequests() {
        return inFlight.getCurrentRequestCount();
    }

    /**
     * SIGTERM: /readyz turns 503 at once, requests are still served for the drain delay (so the
     * pod leaves the Service endpoints first), then Jetty stops accepting and waits up to the stop
     * timeout for in-flight requests. Runs once; later calls return at once.
     */
    public void shutdownGracefully() {
        if (!shutdownStarted.compareAndSet(false, true)) {
            return;
        }
        health.markShuttingDown();
        StructuredLog.event("shutting-down", Map.of(
                "drainDelayMs", settings.drainDelay().toMillis(), "stopTimeoutMs", settings.stopTimeout().toMillis()));
        sleep(settings.drainDelay());
        javalin.stop();
        StructuredLog.event("stopped", Map.of());
    }

    private static void configureServer(JavalinConfig config, AppSettings settings, GracefulHandler inFlight) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        config.router.ignoreTrailingSlashes = true;          // restify sanitizePath
        config.router.treatMultipleSlashesAsSingleSlash = true; // restify sanitizePath
        config.http.prefer405over404 = true;                 // restify router: 405 when other methods match
        config.http.compressionStrategy = CompressionStrategy.NONE; // restify sends bodies uncompressed
        config.jetty.modifyServer(server -> configureJetty(server, settings, inFlight));
        config.jetty.modifyHttpConfiguration(http -> {
            http.setUriCompliance(RESTIFY_LIKE_URIS);
            http.setRequestHeaderSize(REQUEST_HEAD_LIMIT_BYTES);
        });
        config.jetty.modifyServletContextHandler(context -> context.addFilter(
                IgnoreMethodOverrideFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST)));
        config.requestLogger.http((ctx, millis) -> logRequest(ctx, millis));
    }

    private static void configureJetty(Server server, AppSettings settings, GracefulHandler inFlight) {
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(settings.stopTimeout().toMillis());
        server.insertHandler(inFlight);
    }

    private static void configureRoutes(JavalinConfig config, FruitHandlers fruits, HealthHandlers health, AppSettings settings) {
        config.routes.before(RestifyPipeline::beforeEveryRequest);
        config.routes.beforeMatched("/api/*", RestifyPipeline::beforeMatchedApiRoute);
        // registered before {country}: the static route wins, as in find-my-way
        config.routes.get("/api/fruits/special", fruits::specialFruit);
        config.routes.get("/api/fruits/{country}", fruits::fruitsOfCountry);
        config.routes.get("/api/fruits/{country}/{fruit}/price", fruits::priceOfFruit);
        config.routes.get("/healthz", health::liveness);
        config.routes.get("/readyz", health::readiness);
        if (settings.slowTestRoute()) {
            config.routes.get("/test/slow", SlowTestRoute::handle);
        }
        config.routes.exception(ApiError.class, (error, ctx) -> RestifyResponse.sendError(ctx, error));
        config.routes.exception(EndpointNotFound.class, (e, ctx) -> RestifyResponse.sendError(ctx, RestifyPipeline.unknownPath(ctx)));
        config.routes.exception(MethodNotAllowedResponse.class,
                (e, ctx) -> RestifyResponse.sendError(ctx, RestifyPipeline.methodNotAllowed(ctx)));
        config.routes.exception(Exception.class, FruitsApp::unexpectedFailure);
    }

    /** A bug, never bad input: logged with its stack trace, answered 500 without one. */
    private static void unexpectedFailure(Exception failure, Context ctx) {
        StructuredLog.event("unexpected-failure", Map.of(
                "path", ctx.path(), "requestId", RequestInfo.of(ctx).id(), "error", failure.toString()));
        failure.printStackTrace();
        RestifyResponse.sendError(ctx, ApiError.ofStatus(500, "internal error, request id " + RequestInfo.of(ctx).id()));
    }

    private static void logRequest(Context ctx, Float millis) {
        StructuredLog.request(ctx.req().getMethod(), ctx.path(), ctx.statusCode(), Math.round(millis), RequestInfo.of(ctx).id());
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
