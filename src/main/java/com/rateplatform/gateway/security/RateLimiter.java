package com.rateplatform.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;

/**
 * Per-caller rate limits, one token bucket per caller and scope, held in Redis so the limit holds across every gateway
 * instance sharing that Redis. Each request is one round trip: a Lua script ({@code scripts/token-bucket.lua}) refills
 * the bucket by the time passed (Redis's clock), takes a token and says what is left, atomically. Bucket keys are
 * {@code <key prefix>rate_limit:<scope>:<caller>} and expire once a bucket would be full again.
 */
public class RateLimiter {

    /** The outcome of one request against its bucket; the numbers feed the 429 response's headers. */
    public record Decision(boolean allowed, RateLimit limit, long remaining, long retryAfterSeconds, long resetSeconds) {
    }

    static final String SCRIPT = read("/scripts/token-bucket.lua");

    private final Supplier<RedisScriptingCommands<String, String>> redis;
    private final UnaryOperator<String> keyOf;
    private final Map<String, RateLimit> limits;
    private final String scriptSha;

    /**
     * @param redis  the application's shared Redis connection, asked for on each use (Redis may be down at start)
     * @param keyOf  turns a logical key into the Redis key (adds the deployment's key prefix)
     * @param limits the limit of every scope
     */
    public RateLimiter(Supplier<RedisScriptingCommands<String, String>> redis, UnaryOperator<String> keyOf,
                       Map<String, RateLimit> limits) {
        this.redis = redis;
        this.keyOf = keyOf;
        this.limits = Map.copyOf(limits);
        this.scriptSha = sha1Hex(SCRIPT);
    }

    /** Takes one request from the caller's bucket for the scope. */
    public Decision consume(String scope, String callerId) {
        RateLimit limit = limits.get(scope);
        if (limit == null) {
            throw new IllegalArgumentException("No rate limit is configured for scope " + scope);
        }
        String[] keys = { keyOf.apply("rate_limit:" + scope + ":" + callerId) };
        String capacity = Long.toString(limit.capacity());
        String periodMs = Long.toString(limit.period().toMillis());
        List<Long> reply = run(keys, capacity, periodMs);
        return new Decision(reply.get(0) == 1, limit, reply.get(1), secondsCeiling(reply.get(2)), secondsCeiling(reply.get(3)));
    }

    private List<Long> run(String[] keys, String... args) {
        RedisScriptingCommands<String, String> commands = redis.get();
        try {
            return commands.evalsha(scriptSha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            // First use on this server (or it restarted, or SCRIPT FLUSH): EVAL sends the script and caches it there.
            return commands.eval(SCRIPT, ScriptOutputType.MULTI, keys, args);
        }
    }

    private static String sha1Hex(String script) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-1", e);
        }
    }

    private static long secondsCeiling(long millis) {
        return Math.max(1, TimeUnit.MILLISECONDS.toSeconds(millis + 999));
    }

    private static String read(String resource) {
        try (InputStream in = RateLimiter.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
