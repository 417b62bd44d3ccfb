package com.rateplatform.gateway.push;

import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** The Vert.x router of the API's listener, for endpoints that are not Camel routes (WebSocket, Server-Sent Events). */
public final class ApiRouter {

    private ApiRouter() {
    }

    /** The platform-http router of the main server; exists once the context has fully started. */
    public static VertxPlatformHttpRouter of(CamelContext context) {
        Set<VertxPlatformHttpRouter> routers = context.getRegistry().findByType(VertxPlatformHttpRouter.class);
        return routers.stream().filter(VertxPlatformHttpRouter::isMainServer).findFirst()
                .orElseGet(() -> routers.stream().findFirst()
                        .orElseThrow(() -> new IllegalStateException("these endpoints need the platform-http server (camel.server.enabled)")));
    }
}
