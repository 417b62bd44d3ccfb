package com.rateplatform.gateway.monitoring;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.metrics.Meters;
import com.rateplatform.gateway.reliability.BackPressure;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * Every few seconds (route {@code collect-stream-metrics}, on every gateway) the instance that holds the collector
 * lease reads the streams ({@link StreamInspector}) and shows them as gauges; the others show none. One instance, so
 * the load on Redis does not grow with the number of gateways and each series has one source; with a lease, so another
 * gateway takes over within the lease time when that one goes. The collector also tells back-pressure turning on and
 * off, once per change for the whole deployment (the last state is kept in Redis, so a new holder does not repeat it).
 */
public class StreamMetricsCollector extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(StreamMetricsCollector.class);
    static final String LEADER = Meters.PREFIX + "stream.collector.leader";
    static final String FAILURES = Meters.PREFIX + "stream.collection.failures";
    /** Logical key of the last back-pressure state seen ("on"/"off"). */
    private static final String BACKPRESSURE_STATE_KEY = "monitoring:backpressure";

    private final StreamInspector inspector;
    private final CollectorLease lease;
    private final StreamGauges gauges;
    private final BackPressure backPressure;
    private final OperationalEvents events;
    private final Supplier<RedisStreamComponent> streams;
    private final Clock clock;
    private final AtomicInteger leading = new AtomicInteger();
    private final Counter failures;
    private final ThrottledWarning warning = new ThrottledWarning(LOG, 60_000);

    public StreamMetricsCollector(StreamInspector inspector, Supplier<RedisStreamComponent> streams, long leaseMs,
                                  BackPressure backPressure, OperationalEvents events, MeterRegistry registry, Clock clock) {
        this.inspector = inspector;
        this.streams = streams;
        this.lease = new CollectorLease(streams, "monitoring:collector", leaseMs);
        this.gauges = new StreamGauges(registry);
        this.backPressure = backPressure;
        this.events = events;
        this.clock = clock;
        Gauge.builder(LEADER, leading, AtomicInteger::get).description("1 on the instance that collects the stream gauges")
                .register(registry);
        this.failures = Counter.builder(FAILURES).description("Stream metric collections that failed (Redis unavailable)")
                .register(registry);
    }

    /** Route step: one collection, if this instance holds (or can take) the lease. */
    public void collect() {
        boolean holder;
        try {
            holder = lease.holdOrTake();
        } catch (RedisException e) {
            holder = false;
            failures.increment();
            warning.warn("Stream metrics not collected: the collector lease cannot be read", e);
        }
        if (!holder) {
            if (leading.getAndSet(0) == 1) {
                LOG.info("Another instance collects the stream metrics now");
            }
            gauges.clear();
            return;
        }
        if (leading.getAndSet(1) == 0) {
            LOG.info("This instance ({}) collects the stream metrics", lease.holder());
        }
        try {
            long began = clock.millis(); // the snapshot shows the streams as they were at some moment after this
            StreamsSnapshot snapshot = inspector.inspect();
            gauges.show(snapshot, watchBackPressure(snapshot), began);
        } catch (RedisException e) {
            failures.increment();
            gauges.clear(); // no value rather than a stale one
            warning.warn("Stream metrics not collected", e);
        }
    }

    /** Whether back-pressure is on; tells a change since the last collection (of any instance). */
    private boolean watchBackPressure(StreamsSnapshot snapshot) {
        Optional<StreamsSnapshot.StreamState> stream = snapshot.stream(backPressure.stream());
        if (stream.isEmpty()) {
            return false;
        }
        Long lag = stream.get().groups().stream().filter(g -> g.group().equals(backPressure.group())).findFirst()
                .map(StreamsSnapshot.GroupState::lag).orElse(null);
        long backlog = BackPressure.backlog(lag, stream.get()::length);
        boolean on = backPressure.overloadedAt(backlog);
        RedisStreamComponent component = streams.get();
        String previous = component.connections().shared().strings().setGet(component.keyOf(BACKPRESSURE_STATE_KEY), on ? "on" : "off");
        if (previous == null ? on : !previous.equals(on ? "on" : "off")) {
            LOG.info("Back-pressure {}: {} entries wait for {} on {} (threshold {})", on ? "on" : "off", backlog,
                    backPressure.group(), backPressure.stream(), backPressure.threshold());
            events.backPressure(on, backPressure.stream(), backPressure.group(), backlog, backPressure.threshold());
        }
        return on;
    }

    /** On stop, the lease is handed back so another gateway takes over at the next collection. */
    @Override
    protected void doStop() {
        gauges.clear();
        if (leading.getAndSet(0) == 1) {
            try {
                lease.release();
            } catch (RedisException e) {
                LOG.debug("Collector lease not released (it lapses by itself): {}", e.getMessage());
            }
        }
    }
}
