package com.rateplatform.gateway.ops;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * While the instance drains, every answer carries {@code Connection: close} and its connection is closed once the answer
 * is sent: a client or proxy holding a keep-alive connection opens its next one to an instance still in the pool,
 * instead of sending requests here until the routes stop. HTTP/1.x only: WebSocket upgrades are left alone (the push
 * endpoints close their sockets when the instance stops, and clients resume elsewhere), and so is HTTP/2 (below).
 */
public final class DrainingConnections {

    // Ahead of every other handler, HttpEdge's included (its failure handler is at -20).
    private static final int ORDER = -30;

    private DrainingConnections() {
    }

    public static void install(VertxPlatformHttpRouter router, Draining draining) {
        router.route().order(ORDER).handler(ctx -> {
            if (draining.isDraining() && isPlainHttp1(ctx)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                // Vert.x keeps a connection open unless the request asked otherwise; RFC 9112 has the server that sent
                // "close" close it after the response.
                ctx.addEndHandler(done -> ctx.request().connection().close());
            }
            ctx.next();
        });
    }

    /**
     * HTTP/1.x, not asking for an upgrade. HTTP/2 has no Connection header and its GOAWAY fails the requests a JDK 17
     * client has in flight on the connection: HTTP/2 connections are left to close when the instance stops.
     */
    private static boolean isPlainHttp1(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
        return ctx.request().version() != HttpVersion.HTTP_2 && (upgrade == null || upgrade.isBlank());
    }
}
