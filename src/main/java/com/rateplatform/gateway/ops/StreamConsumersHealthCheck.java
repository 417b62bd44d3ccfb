package com.rateplatform.gateway.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import com.rateplatform.gateway.stream.ReaderStatus;

/**
 * Readiness: every stream consumer of this process's started routes is ready by its own health check (the redis-stream
 * component's: Redis answers, its group can be read, all its readers are in their loop, each back for a read recently)
 * — a reader thread that died, or one stuck on an entry for longer than the group waits before it hands that reader's
 * entries to another consumer, makes the instance not ready. A route stopped on purpose (by an operator, or not
 * started) is not counted. Which consumers there are follows from the roles: a gateway's recorders and followers, a
 * worker's validators. One Redis command per consumer, run by the health snapshot in the background.
 */
public class StreamConsumersHealthCheck extends AbstractHealthCheck {

    private final CamelContext context;

    public StreamConsumersHealthCheck(CamelContext context) {
        super("rate", "stream-consumers");
        this.context = context;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        int readers = 0;
        for (Route route : context.getRoutes()) {
            if (!(route.getConsumer() instanceof ReaderStatus.Source && route.getConsumer() instanceof HealthCheckAware consumer)
                || consumer.getHealthCheck() == null
                || context.getRouteController().getRouteStatus(route.getRouteId()) != ServiceStatus.Started) {
                continue;
            }
            HealthCheck.Result result = consumer.getHealthCheck().call();
            if (result.getDetails().get("stream.readers") instanceof Integer count) {
                readers += count;
            }
            if (result.getState() == HealthCheck.State.DOWN) {
                problems.add("route " + route.getRouteId() + ": " + result.getMessage().orElse("down"));
            }
        }
        builder.detail("stream.readers", readers);
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", problems)).down();
        }
    }
}
