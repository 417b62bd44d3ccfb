package com.rateplatform.gateway.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/**
 * Per-caller rate limits, one token bucket per caller and scope, held in Redis (Bucket4j, compare-and-swap through
 * GET and EVAL) so the limit holds across every gateway instance sharing that Redis. Bucket keys are
 * {@code <key prefix>rate_limit:<scope>:<caller>} and expire once a bucket would be full again.
 */
public class RateLimiter {

    /** The outcome of one request against its bucket; the numbers feed the 429 response's headers. */
    public record Decision(boolean allowed, RateLimit limit, long remaining, long retryAfterSeconds, long resetSeconds) {
    }

    private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);

    private final Supplier<StatefulConnection<String, byte[]>> connection;
    private final UnaryOperator<String> keyOf;
    private final Map<String, RateLimit> limits;
    private final Map<String, BucketConfiguration> configurations;
    private volatile ProxyManager<String> buckets;

    /**
     * @param connection the application's shared binary Redis connection, asked for on first use (Redis may be down
     *                   at start)
     * @param keyOf      turns a logical key into the Redis key (adds the deployment's key prefix)
     * @param limits     the limit of every scope
     */
    public RateLimiter(Supplier<StatefulConnection<String, byte[]>> connection, UnaryOperator<String> keyOf,
                       Map<String, RateLimit> limits) {
        this.connection = connection;
        this.keyOf = keyOf;
        this.limits = Map.copyOf(limits);
        Map<String, BucketConfiguration> buckets = new HashMap<>();
        limits.forEach((scope, limit) -> buckets.put(scope, BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .build()));
        this.configurations = Map.copyOf(buckets);
    }

    /** Takes one request from the caller's bucket for the scope. */
    public Decision consume(String scope, String callerId) {
        RateLimit limit = limits.get(scope);
        if (limit == null) {
            throw new IllegalArgumentException("No rate limit is configured for scope " + scope);
        }
        ConsumptionProbe probe = buckets().builder()
                .build(keyOf.apply("rate_limit:" + scope + ":" + callerId), () -> configurations.get(scope))
                .tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(),
                secondsCeiling(probe.getNanosToWaitForRefill()), secondsCeiling(probe.getNanosToWaitForReset()));
    }

    private ProxyManager<String> buckets() {
        ProxyManager<String> current = buckets;
        if (current == null) {
            synchronized (this) {
                if (buckets == null) {
                    buckets = proxyManager(connection.get());
                }
                current = buckets;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static ProxyManager<String> proxyManager(StatefulConnection<String, byte[]> redis) {
        ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS);
        if (redis instanceof StatefulRedisClusterConnection<?, ?> cluster) {
            return Bucket4jLettuce.casBasedBuilder((StatefulRedisClusterConnection<String, byte[]>) cluster)
                    .expirationAfterWrite(expiry).build();
        }
        return Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) redis)
                .expirationAfterWrite(expiry).build();
    }

    private static long secondsCeiling(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + TimeUnit.SECONDS.toNanos(1) - 1));
    }
}
