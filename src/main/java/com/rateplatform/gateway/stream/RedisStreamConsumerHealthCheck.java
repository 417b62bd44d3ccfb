package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one stream consumer: Redis answers, the consumer's group can be read (for a group consumer, once its
 * readers have created or found it), and every reader is in its loop and back for a read recently. Down names the
 * stream and what failed. The consumer hands it out as its {@code HealthCheckAware} check, so Camel's consumers health
 * repository (camel.health.consumers-enabled) or an application's own check can call it; one Redis command a call.
 */
public class RedisStreamConsumerHealthCheck extends AbstractHealthCheck {

    private final StreamReaderConsumer consumer;

    RedisStreamConsumerHealthCheck(StreamReaderConsumer consumer, String routeId) {
        super("camel", "consumer:redis-stream:" + routeId);
        this.consumer = consumer;
    }

    @Override
    public boolean isLiveness() {
        return false; // a restart does not bring Redis back
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        List<ReaderStatus> readers = consumer.readerStatus();
        for (ReaderStatus reader : readers) {
            if (!reader.running()) {
                problems.add("reader " + reader.name() + " of " + reader.stream() + " has stopped");
            } else if (reader.stalled()) {
                problems.add("reader " + reader.name() + " of " + reader.stream() + " has not come back for a read in "
                             + reader.sinceLastTurnMs() + " ms");
            }
        }
        try {
            consumer.checkRedis().ifPresent(problems::add);
        } catch (RedisException e) {
            problems.add("Redis unavailable for " + consumer.streamName() + ": " + e.getMessage());
            builder.error(e);
        }
        builder.detail("stream", consumer.streamName());
        builder.detail("stream.readers", readers.size());
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", problems)).down();
        }
    }
}
