package com.rateplatform.gateway.security;

import java.util.Map;
import java.util.Set;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.api.IntakeListener;
import com.rateplatform.gateway.contract.ApiException;

/**
 * What a request meets on the HTTP listener before any route sees it, every refusal answered as the API's JSON error:
 * a POST, PUT or PATCH with a body must declare a JSON body ({@code application/json}, UTF-8 if a charset is named; else 415) that
 * fits in {@code HTTP_MAX_BODY_BYTES} (413); a path some route serves but not with this method is 405 with an
 * {@code Allow} header naming the methods it does serve, and a path no route serves is 404; a request the listener
 * itself fails on gets a JSON 4xx/500 instead of Vert.x's plain-text or HTML page.
 */
public final class HttpEdge {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);

    // Ahead of every route Camel adds (those count up from 0).
    private static final int FAILURES_ORDER = -20;
    private static final int CONTENT_TYPE_ORDER = -10;

    private static final String BULK_PATH = "/api/importer/bulk";

    private HttpEdge() {
    }

    /** Adds the checks to a platform-http router (the API listener, and the management one when it is separate). */
    public static void install(VertxPlatformHttpRouter router, long maxBodyBytes) {
        install(router, maxBodyBytes, IntakeListener.NONE);
    }

    /** @param listener told of every refusal (no route has run, so no scope is known) */
    public static void install(VertxPlatformHttpRouter router, long maxBodyBytes, IntakeListener listener) {
        router.route().order(FAILURES_ORDER).failureHandler(ctx -> renderFailure(ctx, maxBodyBytes, listener));
        router.route().order(CONTENT_TYPE_ORDER).method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
                .handler(ctx -> requireJson(ctx, router, listener));
        router.route().last().handler(ctx -> noRoute(ctx, router, listener));
    }

    /** No route took the request: 405 when the path is served with other methods, else 404. */
    private static void noRoute(RoutingContext ctx, VertxPlatformHttpRouter router, IntakeListener listener) {
        HttpMethod method = ctx.request().method();
        Set<String> allowed = RouteMethods.allowed(router, ctx.normalizedPath());
        if (allowed.isEmpty()) {
            reply(ctx, 404, "NOT_FOUND", "no endpoint answers " + method + " on this path; see /api/openapi.json", Map.of(), listener);
            return;
        }
        String allow = String.join(", ", allowed);
        reply(ctx, 405, "METHOD_NOT_ALLOWED", "this path answers " + allow + ", not " + method + "; see /api/openapi.json",
                Map.of("Allow", allow), listener);
    }

    private static void requireJson(RoutingContext ctx, VertxPlatformHttpRouter router, IntakeListener listener) {
        if (hasNoBody(ctx) || BULK_PATH.equals(ctx.normalizedPath())) {
            // An action without a body (a DLQ replay) has no content type to check; a bulk import also takes NDJSON
            // and checks its own content type as it streams the body.
            ctx.next();
            return;
        }
        String refusal = contentTypeRefusal(ctx.request().getHeader("Content-Type"));
        // A request no route takes is told so (404/405) rather than what its body lacks; looked up only on refusal.
        if (refusal == null || !RouteMethods.serves(router, ctx.request().method(), ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        reply(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", refusal, Map.of(), listener);
    }

    /** Why a body of this content type is refused, or null when it is JSON in UTF-8. */
    private static String contentTypeRefusal(String contentType) {
        String[] parts = contentType == null ? new String[] { "" } : contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return "send the body as Content-Type: application/json";
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset") && parameter.length == 2
                && !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                return "JSON bodies must be UTF-8, not " + parameter[1].trim();
            }
        }
        return null;
    }

    private static boolean hasNoBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        return ctx.request().getHeader("Transfer-Encoding") == null && (length == null || length.trim().equals("0"));
    }

    private static void renderFailure(RoutingContext ctx, long maxBodyBytes, IntakeListener listener) {
        int status = ctx.statusCode();
        if (status == 413) {
            reply(ctx, 413, "BODY_TOO_LARGE", "the body is larger than " + maxBodyBytes + " bytes", Map.of(), listener);
        } else if (status >= 400 && status < 500) {
            reply(ctx, status, "BAD_REQUEST", "the request could not be read", Map.of(), listener);
        } else {
            LOG.error("HTTP {} {} failed before or after its route", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
            reply(ctx, 500, "INTERNAL_ERROR", "Internal error; it has been logged", Map.of(), listener);
        }
    }

    private static void reply(RoutingContext ctx, int status, String code, String message, Map<String, String> headers,
                              IntakeListener listener) {
        if (ctx.response().headWritten()) {
            return;
        }
        ApiException error = new ApiException(status, code, message, null);
        listener.rejected(error, null);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        headers.forEach(ctx.response()::putHeader);
        ctx.response().end(ApiErrors.body(error));
    }
}
