package com.rateplatform.gateway.security;

import java.util.Set;
import java.util.TreeSet;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * The methods a router's routes serve on a path, read from the routes themselves, so REST DSL verbs, platform-http
 * routes (bulk import, health, metrics), the WebSocket and SSE endpoints and the demo page all count, whoever added
 * them and whenever. Paths match as Vert.x matches them: a {@code :name} segment is any one segment, a route added
 * with a trailing {@code *} is a prefix, one trailing slash makes no difference. Routes without a path (the
 * {@link HttpEdge} checks) serve no path in particular and are skipped.
 */
final class RouteMethods {

    private RouteMethods() {
    }

    /** The methods that have a route for {@code path}, for an {@code Allow} header; empty when no route serves the path. */
    static Set<String> allowed(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && route.methods() != null && matches(route.getPath(), route.isExactPath(), path)) {
                route.methods().forEach(method -> methods.add(method.name()));
            }
        }
        return methods;
    }

    /** Whether a route serves {@code method} on {@code path} (a route that names no method serves them all). */
    static boolean serves(Router router, HttpMethod method, String path) {
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && matches(route.getPath(), route.isExactPath(), path)
                && (route.methods() == null || route.methods().isEmpty() || route.methods().contains(method))) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String routePath, boolean exact, String path) {
        String[] expected = withoutTrailingSlash(routePath).split("/", -1);
        String[] actual = withoutTrailingSlash(path).split("/", -1);
        if (exact ? actual.length != expected.length : actual.length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith(":") && !actual[i].isEmpty();
            if (!parameter && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
