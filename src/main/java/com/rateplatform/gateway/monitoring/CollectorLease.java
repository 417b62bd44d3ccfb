package com.rateplatform.gateway.monitoring;

import java.util.UUID;
import java.util.function.Supplier;

import io.lettuce.core.ScriptOutputType;

import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * A short lease in Redis naming the one instance that collects the stream metrics: taken with SET NX PX when free,
 * renewed by its holder on every collection, taken by another instance once its holder stops renewing it (stopped,
 * crashed, cut off from Redis). The holder is this instance's consumer name plus a nonce of this run, so two processes
 * that share a consumer name by mistake still do not both hold it.
 */
class CollectorLease {

    /** Take the lease when free, renew it when ours: one atomic step, so a lapse cannot be renewed by the wrong holder. */
    private static final String HOLD_OR_TAKE = """
            local holder = redis.call('GET', KEYS[1])
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final Supplier<RedisStreamComponent> streams;
    private final String key;
    private final long leaseMs;
    private final String nonce = UUID.randomUUID().toString().substring(0, 8);

    /** @param key logical key (the component adds the key prefix) */
    CollectorLease(Supplier<RedisStreamComponent> streams, String key, long leaseMs) {
        this.streams = streams;
        this.key = key;
        this.leaseMs = leaseMs;
    }

    /** Whether this instance holds the lease now (taking or renewing it). */
    boolean holdOrTake() {
        return run(HOLD_OR_TAKE, Long.toString(leaseMs)) == 1L;
    }

    /** Gives the lease up, if held, so another instance takes over at once rather than when it lapses. */
    void release() {
        run(RELEASE);
    }

    /** Who holds it: consumer name and nonce. */
    String holder() {
        return streams.get().getConsumerName() + "#" + nonce;
    }

    private Long run(String script, String... more) {
        RedisStreamComponent component = streams.get();
        String[] args = new String[more.length + 1];
        args[0] = holder();
        System.arraycopy(more, 0, args, 1, more.length);
        return component.connections().shared().scripting().eval(script, ScriptOutputType.INTEGER,
                new String[] { component.keyOf(key) }, args);
    }
}
