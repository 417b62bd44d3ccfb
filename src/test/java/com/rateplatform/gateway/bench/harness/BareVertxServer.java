package com.rateplatform.gateway.bench.harness;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;

/**
 * The HTTP ceiling: a bare Vert.x server (the HTTP stack under camel-platform-http-vertx) that answers every request
 * with a small JSON, one verticle per core. Run in a JVM of its own by {@link Ceilings}: {@code BareVertxServer <port>};
 * prints {@code READY} once it listens.
 */
public final class BareVertxServer extends AbstractVerticle {

    private static final String ANSWER = "{\"request_id\":\"unknown\",\"status\":\"processing\"}";

    private final int port;

    private BareVertxServer(int port) {
        this.port = port;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BareVertxServer(port),
                        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .onSuccess(id -> System.out.println("READY"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start() {
        vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response()
                        .putHeader("Content-Type", "application/json").end(ANSWER)))
                .listen(port, "127.0.0.1");
    }
}
