package com.rateplatform.gateway.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.lettuce.core.api.sync.RedisStreamCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.contract.ApiException;
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

    /** The stream whose backlog is watched (logical name). */
    public String stream() {
        return stream;
    }

    /** The group whose lag is the backlog. */
    public String group() {
        return group;
    }

    public long threshold() {
        return threshold;
    }

    /** Whether a backlog measured elsewhere (the stream metrics) is over the threshold. */
    public boolean overloadedAt(long backlog) {
        return backlog > threshold;
    }

    /**
     * The backlog: the group's lag, or, with no group yet or a Redis that cannot tell the lag, the stream length
     * (everything in the stream may wait).
     */
    public static long backlog(Long groupLag, LongSupplier streamLength) {
        return groupLag != null ? groupLag : streamLength.getAsLong();
    }

    private long measureLag() {
        RedisStreamComponent component = streams.get();
        String key = component.keyOf(stream);
        RedisStreamCommands<String, String> redis = component.connections().shared().streams();
        Optional<StreamGroup> readers = StreamGroup.named(redis, key, group);
        return backlog(readers.map(StreamGroup::lag).orElse(null), () -> redis.xlen(key));
    }
}
