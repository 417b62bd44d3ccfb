package com.rateplatform.gateway.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.stream.RedisStreamConstants;

/**
 * What {@code GET /api/monitoring/live} streams (docs/API-Documentation.md#live-feed): once a second a {@code tick}
 * with the deployment's requests accepted and completed per second by source, the latency percentiles of that second
 * and the dead-letter stream's length; and each {@code monitoring_events} entry as a {@code monitoring} event.
 *
 * <p>A tick describes the second before last (every gateway has added its counts to that one by then), so the figures
 * trail the clock by about two seconds.
 */
public class LiveFeed {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /** Ticks describe this many seconds ago: one for every gateway's tick to have run, one for clock differences. */
    private static final long SECONDS_BEHIND = 2;
    /** After a pause (a long GC, Redis away) at most this many missed seconds are ticked; older ones are skipped. */
    private static final long MAX_CATCH_UP = 5;

    private final ClusterRates rates;
    private final LiveClients clients;
    private final Supplier<RedisStreamComponent> streams;
    private final String dlq;
    private final Clock clock;
    private final double[] boundsMs;
    private final ThrottledWarning warning = new ThrottledWarning(LOG, 60_000);
    /** The last second ticked (only the route's timer thread calls tick). */
    private long lastTicked = Long.MIN_VALUE / 2;

    LiveFeed(ClusterRates rates, LiveClients clients, Supplier<RedisStreamComponent> streams, String dlq, Clock clock) {
        this.rates = rates;
        this.clients = clients;
        this.streams = streams;
        this.dlq = dlq;
        this.clock = clock;
        this.boundsMs = rates.boundsMs();
    }

    /**
     * Route step, every second on every gateway: adds this gateway's counts, then ticks the connected clients once for
     * each second not yet ticked (a late timer catches up, an early one waits), so the ticks cover every second once.
     */
    public void tick() {
        long second = clock.millis() / 1000;
        try {
            rates.flush(second);
            long due = second - SECONDS_BEHIND;
            if (clients.isEmpty()) {
                lastTicked = due;
                return;
            }
            for (long s = Math.max(lastTicked + 1, due - MAX_CATCH_UP); s <= due; s++) {
                clients.broadcast("tick", null, Json.write(tickOf(s)), true);
                lastTicked = s;
            }
        } catch (RedisException e) {
            warning.warn("Live feed tick skipped", e);
        }
    }

    /** Route step for every {@code monitoring_events} entry (each gateway follows the stream). */
    public void event(@Body String json, @Header(RedisStreamConstants.ENTRY_ID) String entryId) {
        if (json != null && !clients.isEmpty()) {
            clients.broadcast("monitoring", entryId, json, false);
        }
    }

    private Map<String, Object> tickOf(long second) {
        RedisStreamComponent component = streams.get();
        RedisFuture<Map<String, String>> hash = rates.read(second);
        RedisFuture<Long> dlqLength = component.connections().shared().asyncStreams().xlen(component.keyOf(dlq));
        Duration timeout = component.getCommandTimeout();
        ClusterRates.Rates counted = rates.parse(value(hash, timeout));
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("time", Instant.ofEpochSecond(second).toString());
        tick.put("accepted_per_s", bySource(counted.accepted()));
        tick.put("completed_per_s", bySource(counted.completed()));
        Map<String, Object> latency = new LinkedHashMap<>();
        for (double q : new double[] { 0.5, 0.95, 0.99 }) {
            Double ms = ClusterRates.quantile(q, counted.latencyBuckets(), boundsMs, counted.latencyCount());
            latency.put("p" + Math.round(q * 100), ms == null ? null : Math.round(ms * 10) / 10.0);
        }
        tick.put("latency_ms", latency);
        tick.put("dlq_length", value(dlqLength, timeout));
        return tick;
    }

    private static Map<String, Long> bySource(Map<Source, Long> counts) {
        Map<String, Long> bySource = new LinkedHashMap<>();
        for (Source source : Source.values()) {
            bySource.put(source.id(), counts.getOrDefault(source, 0L));
        }
        return bySource;
    }

    private static <T> T value(RedisFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisException("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted", e);
        }
    }
}
