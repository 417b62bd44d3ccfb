package com.rateplatform.gateway.ops;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import com.rateplatform.gateway.stream.RedisConnections;

/** Up when Redis answers PING on the shared connection. */
public class RedisHealthCheck extends AbstractHealthCheck {

    private final Supplier<RedisConnections> connections;

    public RedisHealthCheck(Supplier<RedisConnections> connections) {
        super("rate", "redis");
        this.connections = connections;
    }

    /** Readiness only: liveness does no I/O, and a restart does not bring a server back. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        RedisConnections redis = connections.get();
        builder.detail("redis.address", redis.describe());
        try {
            redis.shared().base().ping();
            builder.up();
        } catch (RuntimeException e) {
            builder.message("Redis at " + redis.describe() + " does not answer: " + e.getMessage()).down();
        }
    }
}
