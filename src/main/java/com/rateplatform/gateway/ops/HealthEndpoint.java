package com.rateplatform.gateway.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheck;

import com.rateplatform.gateway.message.Json;

/**
 * {@code GET /api/health}, {@code /live}, {@code /ready}, answered on the Vert.x event loop from the {@link HealthSnapshot}
 * and the checks that read memory only ({@link Draining}). Camel's own health endpoint runs each probe on the Vert.x
 * worker pool that every API request runs on, and runs the checks' I/O inside the probe: at saturation a probe waited
 * behind the API's requests for hundreds of milliseconds, longer than a load balancer or Kubernetes waits.
 *
 * <p>The answer keeps Camel's shape: {@code {"status":"UP"}}, or 503 with {@code "checks"} listing those DOWN (all of
 * them with {@code ?exposureLevel=full}, none with {@code oneline}). Results older than {@code maxAge} (the checks
 * themselves hang) count as DOWN, named {@code health-checks}.
 */
public final class HealthEndpoint implements Handler<RoutingContext> {

    private static final String STALE_CHECK = "health-checks";

    private enum Kind { ALL, LIVENESS, READINESS }

    private final Kind kind;
    private final HealthSnapshot snapshot;
    private final List<HealthCheck> liveChecks;
    private final String exposureLevel;
    private final Duration maxAge;

    private HealthEndpoint(Kind kind, HealthSnapshot snapshot, List<HealthCheck> liveChecks, String exposureLevel, Duration maxAge) {
        this.kind = kind;
        this.snapshot = snapshot;
        this.liveChecks = liveChecks;
        this.exposureLevel = exposureLevel;
        this.maxAge = maxAge;
    }

    /** Serves {@code path}, {@code path/live} and {@code path/ready} on the router. */
    public static void install(VertxPlatformHttpRouter router, String path, HealthSnapshot snapshot, List<HealthCheck> liveChecks,
                               String exposureLevel, Duration maxAge) {
        router.get(path).handler(new HealthEndpoint(Kind.ALL, snapshot, liveChecks, exposureLevel, maxAge));
        router.get(path + "/live").handler(new HealthEndpoint(Kind.LIVENESS, snapshot, liveChecks, exposureLevel, maxAge));
        router.get(path + "/ready").handler(new HealthEndpoint(Kind.READINESS, snapshot, liveChecks, exposureLevel, maxAge));
    }

    @Override
    public void handle(RoutingContext ctx) {
        List<HealthSnapshot.Check> checks = current().stream().filter(this::counts).toList();
        boolean up = kind == Kind.READINESS
                ? checks.stream().allMatch(c -> c.state() == HealthCheck.State.UP)
                : checks.stream().noneMatch(c -> c.state() == HealthCheck.State.DOWN);
        String level = ctx.request().getParam("exposureLevel", exposureLevel);
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", up ? "UP" : "DOWN");
        List<HealthSnapshot.Check> shown = switch (level) {
            case "full" -> checks;
            case "oneline" -> List.of();
            default -> checks.stream().filter(c -> c.state() == HealthCheck.State.DOWN).toList();
        };
        if (!shown.isEmpty()) {
            ArrayNode listed = body.putArray("checks");
            shown.forEach(c -> {
                ObjectNode check = listed.addObject().put("name", c.name()).put("status", c.state().name());
                if (c.message() != null) {
                    check.put("message", c.message());
                }
            });
        }
        ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.toString());
    }

    private List<HealthSnapshot.Check> current() {
        List<HealthSnapshot.Check> checks = new ArrayList<>();
        HealthSnapshot.Round round = snapshot.last();
        if (round == null) {
            checks.add(new HealthSnapshot.Check(STALE_CHECK, HealthCheck.State.DOWN, "the first health checks have not completed", true, true));
        } else {
            checks.addAll(round.checks());
            long ageMillis = (System.nanoTime() - round.takenAtNanos()) / 1_000_000;
            if (ageMillis > maxAge.toMillis()) {
                checks.add(new HealthSnapshot.Check(STALE_CHECK, HealthCheck.State.DOWN,
                        "the health checks last completed " + ageMillis + " ms ago", true, true));
            }
        }
        liveChecks.forEach(check -> checks.add(HealthSnapshot.Check.of(check.call())));
        return checks;
    }

    private boolean counts(HealthSnapshot.Check check) {
        return switch (kind) {
            case ALL -> true;
            case LIVENESS -> check.liveness();
            case READINESS -> check.readiness();
        };
    }
}
