package com.rateplatform.gateway.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * The demo page at {@code /demo/} (only when {@code DEMO_ENABLED=true}): static files from the classpath folder
 * {@code demo/}, read once. The page talks to the WebSocket of the same gateway and loads nothing from elsewhere.
 */
final class DemoPage implements Handler<RoutingContext> {

    static final String PATH = "/demo/";
    private static final Map<String, String> FILES = Map.of("index.html", "text/html; charset=utf-8",
            "demo.js", "text/javascript; charset=utf-8", "demo.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private final Map<String, Buffer> contents;

    DemoPage() {
        contents = FILES.keySet().stream().collect(java.util.stream.Collectors.toMap(name -> name, DemoPage::load));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith(PATH)) {
            ctx.response().setStatusCode(301).putHeader("Location", PATH).end();
            return;
        }
        String name = path.substring(PATH.length());
        name = name.isEmpty() ? "index.html" : name;
        Buffer content = contents.get(name);
        if (content == null) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("not found");
            return;
        }
        ctx.response().putHeader("Content-Type", FILES.get(name))
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache")
                .end(content);
    }

    private static Buffer load(String name) {
        try (InputStream in = DemoPage.class.getClassLoader().getResourceAsStream("demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo/" + name + " is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
