package com.rateplatform.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * The OpenAPI description against the real routers of a running gateway (demo page on, so every entry point is
 * mounted): each route of the Vert.x routers (REST DSL, platform-http routes, the push and demo handlers, health,
 * metrics) and each consumer platform-http registered is described, and each described operation is served. An
 * entry point added anywhere, however it is mounted, fails here until the description names it.
 */
class OpenApiCoverageTest {

    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static RunningGateway gateway;
    private static List<EntryPoint> served;
    private static List<EntryPoint> described;

    /** A method ("*" for any) on a path whose parameters are written {@code {}}; {@code prefix} when sub-paths match too. */
    record EntryPoint(String method, String path, boolean prefix) {

        static EntryPoint of(String method, String path, boolean prefix) {
            // Vert.x writes parameters :name, Camel and OpenAPI {name}: compare them as {}.
            String normalized = Arrays.stream(path.split("/", -1))
                    .map(segment -> segment.startsWith(":") || segment.startsWith("{") && segment.endsWith("}") ? "{}" : segment)
                    .reduce((a, b) -> a + "/" + b).orElse(path);
            return new EntryPoint(method.toLowerCase(Locale.ROOT), normalized, prefix);
        }

        /** This route answers the described operation. */
        boolean serves(EntryPoint operation) {
            boolean method = this.method.equals("*") || this.method.equals(operation.method);
            boolean path = prefix ? operation.path.startsWith(this.path) : operation.path.equals(this.path);
            return method && path;
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path + (prefix ? "*" : "");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("openapi-routes"),
                Map.of("rate.roles", "gateway", "rate.push.demo-enabled", "true"));
        served = servedEntryPoints();
        described = describedOperations(Json.read(gateway.get("/api/openapi.json").body(), JsonNode.class));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyEntryPointOfTheRoutersIsInTheDescription() {
        List<EntryPoint> missing = served.stream()
                .filter(route -> described.stream().noneMatch(route::serves))
                .toList();

        assertThat(served).as("routes found on the routers").hasSizeGreaterThan(15);
        assertThat(missing).as("served but not in openapi/rate-gateway.yaml").isEmpty();
    }

    @Test
    void everyOperationOfTheDescriptionIsServed() {
        List<EntryPoint> unserved = described.stream()
                .filter(operation -> served.stream().noneMatch(route -> route.serves(operation)))
                .toList();

        assertThat(unserved).as("in openapi/rate-gateway.yaml but served by no route").isEmpty();
    }

    /** The routes of every platform-http router with a path (catch-alls and failure handlers have none), and the consumers. */
    private static List<EntryPoint> servedEntryPoints() {
        List<EntryPoint> entryPoints = new ArrayList<>();
        for (VertxPlatformHttpRouter router : gateway.context().getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            for (Route route : router.getRoutes()) {
                if (route.getPath() == null) {
                    continue;
                }
                Set<HttpMethod> methods = route.methods();
                if (methods == null || methods.isEmpty()) {
                    entryPoints.add(EntryPoint.of("*", route.getPath(), !route.isExactPath()));
                } else {
                    methods.forEach(m -> entryPoints.add(EntryPoint.of(m.name(), route.getPath(), !route.isExactPath())));
                }
            }
        }
        PlatformHttpComponent platformHttp = gateway.context().getComponent("platform-http", PlatformHttpComponent.class);
        platformHttp.getHttpEndpoints().forEach(endpoint -> {
            String verbs = endpoint.getVerbs();
            for (String verb : verbs == null || verbs.isBlank() ? new String[] { "*" } : verbs.split(",")) {
                entryPoints.add(EntryPoint.of(verb.trim(), endpoint.getUri(), false));
            }
        });
        return entryPoints.stream().distinct().toList();
    }

    private static List<EntryPoint> describedOperations(JsonNode document) {
        Set<String> seen = new TreeSet<>();
        List<EntryPoint> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (OPERATIONS.contains(method) && seen.add(method + " " + path.getKey())) {
                    operations.add(EntryPoint.of(method, path.getKey(), false));
                }
            });
        }
        return operations;
    }
}
