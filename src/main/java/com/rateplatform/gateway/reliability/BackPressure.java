package com.rateplatform.gateway.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.lettuce.core.api.sync.RedisStreamCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.api.ApiException;
import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.stream.StreamGroup;

/**
 * Back-pressure on {@code validation_requests}: when the workers' backlog (entries not yet delivered to the group)
 * exceeds a threshold, bulk intake answers 503 with Retry-After and internal bulk publishers wait instead of piling on.
 *
 * <p>The backlog is the group's {@code lag} from XINFO GROUPS (Redis 7+). Where Redis cannot tell it (Redis 6.2, or
 * a lag Redis marks unknown after deletions) the stream length stands in, an upper bound. The figure is cached for a
 * short time so a burst of requests costs one XINFO.
 */
public class BackPressure {

    private static final Logger LOG = LoggerFactory.getLogger(BackPressure.class);

    private final Supplier<RedisStreamComponent> streams;
    private final String stream;
    private final String group;
    private final long threshold;
    private final long cacheMillis;
    private final Duration maxWait;
    private volatile long cachedLag;
    private volatile long cachedAt;

    public BackPressure(Supplier<RedisStreamComponent> streams, String stream, String group, long threshold,
                        Duration cacheFor, Duration maxWait) {
        this.streams = streams;
        this.stream = stream;
        this.group = group;
        this.threshold = threshold;
        this.cacheMillis = cacheFor.toMillis();
        this.maxWait = maxWait;
    }

    /** Entries waiting for the workers (cached briefly). */
    public long lag() {
        long now = System.currentTimeMillis();
        if (now - cachedAt > cacheMillis) {
            cachedLag = measureLag();
            cachedAt = now;
        }
        return cachedLag;
    }

    public boolean overloaded() {
        return lag() > threshold;
    }

    /** For HTTP bulk intake: refuse with 503 + Retry-After while the backlog is over the threshold. */
    public void rejectWhenOverloaded() {
        long lag = lag();
        if (lag > threshold) {
            LOG.warn("Back-pressure: refusing bulk intake, {} entries wait for workers (threshold {})", lag, threshold);
            throw new ApiException(503, "BACKLOG_FULL",
                    "the validation backlog is full (" + lag + " waiting); retry later", null);
        }
    }

    /** For internal bulk publishers: wait until the backlog is under the threshold, at most maxWait, then refuse. */
    public void awaitCapacity() throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxWait.toMillis();
        long pause = 50;
        while (overloaded()) {
            if (System.currentTimeMillis() >= deadline) {
                rejectWhenOverloaded();
            }
            Thread.sleep(pause); // the backlog drains at the workers' pace; poll gently with growing pauses
            pause = Math.min(pause * 2, 1_000);
            cachedAt = 0;
        }
    }

    private long measureLag() {
        RedisStreamComponent component = streams.get();
        String key = component.keyOf(stream);
        RedisStreamCommands<String, String> redis = component.connections().shared().streams();
        Optional<StreamGroup> readers = StreamGroup.named(redis, key, group);
        if (readers.isPresent() && readers.get().lag() != null) {
            return readers.get().lag();
        }
        // No group yet, or a Redis that cannot tell the lag: everything in the stream may wait.
        return redis.xlen(key);
    }
}
