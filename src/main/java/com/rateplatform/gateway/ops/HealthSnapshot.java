package com.rateplatform.gateway.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results of the health checks that do I/O (Redis PING, a PostgreSQL round trip), taken by a background thread
 * every {@code refreshInterval}, so a probe reads the last results and never waits for Redis, PostgreSQL or a thread of
 * the API. Checks {@code live} names are left out: they are evaluated by each probe (they read memory only). Register it
 * as a service and as a startup listener of the context: rounds begin once the context has fully started.
 */
public final class HealthSnapshot extends ServiceSupport implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(HealthSnapshot.class);

    /** One check's outcome, as the health endpoint shows it. */
    public record Check(String name, HealthCheck.State state, String message, boolean liveness, boolean readiness) {

        static Check of(HealthCheck.Result result) {
            HealthCheck check = result.getCheck();
            return new Check(check.getId(), result.getState(), result.getMessage().orElse(null), check.isLiveness(),
                    check.isReadiness());
        }
    }

    /** The checks of one round and when the round ended ({@code takenAtNanos} on {@link System#nanoTime()}). */
    public record Round(List<Check> checks, long takenAtNanos) {
    }

    private final CamelContext context;
    private final Duration refreshInterval;
    private final Predicate<HealthCheck> live;
    private volatile Round last;
    private ScheduledExecutorService executor;

    public HealthSnapshot(CamelContext context, Duration refreshInterval, Predicate<HealthCheck> live) {
        this.context = context;
        this.refreshInterval = refreshInterval;
        this.live = live;
    }

    /** The last round; null before the first one ended. */
    public Round last() {
        return last;
    }

    /** Runs the checks now, on the calling thread, and keeps their results. */
    public void refresh() {
        List<Check> checks = HealthCheckHelper.invoke(context, check -> Map.of(HealthCheck.CHECK_KIND, HealthCheck.Kind.ALL),
                live, "full").stream().map(Check::of).toList();
        last = new Round(checks, System.nanoTime());
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Too early: Camel's own "context" check is DOWN until the context has fully started.
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        // The first round on the starting thread, so the first probe after start already has results (and a dependency
        // that is down at start is named at once); until then the endpoint answers "not yet checked".
        refresh();
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "health-checks");
        long every = refreshInterval.toMillis();
        executor.scheduleWithFixedDelay(this::refreshLogged, every, every, TimeUnit.MILLISECONDS);
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // The round's results stay as they were; they go stale, and the endpoint reports that (HealthEndpoint).
            LOG.warn("Health checks failed to run: {}", e.toString());
        }
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }
}
