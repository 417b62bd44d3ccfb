package com.rateplatform.gateway.ops;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness during a graceful stop: on SIGTERM the instance first reports not-ready on {@code /api/health/ready} and
 * keeps serving for {@code drainMillis}, so load balancers stop sending it requests before the routes stop; its answers
 * close their connections meanwhile ({@link DrainingConnections}). Liveness is unaffected. Evaluated by each probe (it
 * reads a flag), never from the {@link HealthSnapshot}, so the instance reports not-ready the moment the drain begins.
 */
public class Draining extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(Draining.class);

    private final long drainMillis;
    private volatile boolean draining;

    public Draining(long drainMillis) {
        super("rate", "draining");
        this.drainMillis = drainMillis;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (draining) {
            builder.message("shutting down: not taking new work").down();
        } else {
            builder.up();
        }
    }

    /** Turns readiness off, then waits out the drain period. */
    public void drain() {
        draining = true;
        if (drainMillis <= 0) {
            return;
        }
        LOG.info("Shutting down: not ready; serving {} ms more (answers close their connections) while load balancers take"
                 + " this instance out", drainMillis);
        try {
            Thread.sleep(drainMillis); // the drain period is a wait by definition: there is no condition to await
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
