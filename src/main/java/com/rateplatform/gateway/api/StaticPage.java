package com.rateplatform.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A page of static files (HTML, JavaScript, CSS) from a classpath folder, read once and served at a path of the API
 * listener: the demo page at {@code /demo/}, the ops console at {@code /ops/}. The files load nothing from elsewhere
 * and talk only to the gateway that served them, which the Content-Security-Policy enforces; the pages ask the person
 * for a token and send it with every call, so serving them needs no credentials.
 */
public final class StaticPage implements Handler<RoutingContext> {

    private static final String POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final String path;
    private final Map<String, Buffer> contents;

    /**
     * @param path   where it is served, with a trailing slash ({@code /ops/})
     * @param folder the classpath folder holding the files
     * @param files  the files served, {@code index.html} first among them
     */
    public StaticPage(String path, String folder, List<String> files) {
        this.path = path;
        this.contents = files.stream().collect(Collectors.toMap(Function.identity(), name -> load(folder + "/" + name)));
    }

    public String path() {
        return path;
    }

    /** Serves the page on the router: the path without its slash redirects to it, the path itself is index.html. */
    public void mountOn(VertxPlatformHttpRouter router) {
        router.get(path.substring(0, path.length() - 1)).handler(this);
        router.get(path + "*").handler(this);
    }

    /** {@link #mountOn} the API listener once Camel has fully started: its router exists only then. */
    public void mountWhenStarted(CamelContext context) throws Exception {
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // too early: see onCamelContextFullyStarted
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                mountOn(mainRouter(started));
            }
        });
    }

    /** The router of the API listener (the management listener, when separate, has one of its own). */
    public static VertxPlatformHttpRouter mainRouter(CamelContext context) {
        Set<VertxPlatformHttpRouter> routers = context.getRegistry().findByType(VertxPlatformHttpRouter.class);
        return routers.stream().filter(VertxPlatformHttpRouter::isMainServer).findFirst()
                .orElseGet(() -> routers.stream().findFirst()
                        .orElseThrow(() -> new IllegalStateException("pages and push endpoints need the platform-http server (camel.server.enabled)")));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String requested = ctx.normalizedPath();
        if (!requested.startsWith(path)) {
            ctx.response().setStatusCode(301).putHeader("Location", path).end();
            return;
        }
        String name = requested.substring(path.length());
        name = name.isEmpty() ? "index.html" : name;
        Buffer content = contents.get(name);
        if (content == null) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("not found");
            return;
        }
        ctx.response().putHeader("Content-Type", TYPES.get(name.substring(name.lastIndexOf('.') + 1)))
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache")
                .end(content);
    }

    private static Buffer load(String resource) {
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        if (!TYPES.containsKey(extension)) {
            throw new IllegalArgumentException(resource + ": a static page serves only " + TYPES.keySet() + " files");
        }
        try (InputStream in = StaticPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
