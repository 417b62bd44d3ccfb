package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a stream in a consumer group. Each of {@code concurrency} readers owns a connection and a group consumer name
 * and loops over three sources of entries:
 * <ol>
 * <li>once at start, its own pending list (entries delivered to this name before a restart and never acknowledged);</li>
 * <li>every {@code claimIntervalMs}, entries any consumer has left unacknowledged for {@code claimIdleMs} (XAUTOCLAIM):
 * how a crashed worker's entries, and entries whose processing failed, are delivered again;</li>
 * <li>otherwise new entries (XREADGROUP ... &gt;), blocking up to {@code blockMs}.</li>
 * </ol>
 * An entry is acknowledged only when its exchange completed without an unhandled exception; a failed entry stays
 * pending and comes back through XAUTOCLAIM with a higher delivery count.
 */
public class RedisStreamConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamConsumer.class);

    private final RedisStreamEndpoint endpoint;
    private final RedisStreamConfiguration config;
    private final String key;
    private ExecutorService executor;
    private volatile boolean stopping;

    public RedisStreamConsumer(RedisStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.key = endpoint.streamKey();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = false;
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "RedisStreamConsumer[" + config.getStream() + "]", config.getConcurrency());
        for (int i = 0; i < config.getConcurrency(); i++) {
            String name = config.getConsumerName() + "-" + i;
            executor.submit(() -> readLoop(name));
        }
        LOG.info("Reading stream {} (key {}) in group {} with {} reader(s) named {}-*", config.getStream(), key,
                config.getGroup(), config.getConcurrency(), config.getConsumerName());
    }

    @Override
    protected void doStop() throws Exception {
        // Readers finish and acknowledge the batch they hold, then leave; a reader blocked in XREADGROUP returns within blockMs.
        stopping = true;
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(config.getBlockMs() + endpoint.getComponent().getCommandTimeoutMs(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Readers of {} did not finish in time; their unacknowledged entries stay pending and will be claimed again",
                        config.getStream());
                executor.shutdownNow();
            }
            executor = null;
        }
        super.doStop();
    }

    private void readLoop(String name) {
        Consumer<String> me = Consumer.from(config.getGroup(), name);
        String backlogCursor = "0";
        long nextClaimAt = 0;
        boolean groupReady = false;
        StreamConnection connection = null;
        while (!stopping && isRunAllowed()) {
            try {
                // Connect and create the group inside the loop: a reader started while Redis is down waits for it.
                if (connection == null) {
                    connection = endpoint.getComponent().connections().openDedicated();
                }
                if (!groupReady) {
                    ensureGroup(connection);
                    groupReady = true;
                }
                List<StreamMessage<String, String>> batch;
                boolean fresh = false;
                if (backlogCursor != null) {
                    batch = connection.streams().xreadgroup(me, XReadArgs.Builder.count(config.getBatchSize()),
                            XReadArgs.StreamOffset.from(key, backlogCursor));
                    backlogCursor = batch.isEmpty() ? null : batch.get(batch.size() - 1).getId();
                } else if (System.currentTimeMillis() >= nextClaimAt) {
                    nextClaimAt = System.currentTimeMillis() + config.getClaimIntervalMs();
                    batch = claimIdle(connection, me);
                } else {
                    batch = connection.streams().xreadgroup(me,
                            XReadArgs.Builder.count(config.getBatchSize()).block(config.getBlockMs()),
                            XReadArgs.StreamOffset.lastConsumed(key));
                    fresh = true;
                }
                if (batch != null && !batch.isEmpty()) {
                    process(connection, name, batch, fresh ? null : deliveryCounts(connection, name, batch));
                }
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                    // The stream or group vanished (Redis restarted without persistence, or the key was deleted): recreate it.
                    LOG.warn("Group {} of stream {} is gone; creating it again", config.getGroup(), key);
                    backlogCursor = "0";
                    groupReady = false;
                } else {
                    LOG.warn("Redis refused a read of {} by {}: {}", key, name, e.getMessage());
                    pause();
                }
            } catch (RedisException e) {
                if (stopping) {
                    break;
                }
                LOG.warn("Redis unavailable for reader {} of {}: {}; retrying in {} ms", name, key, e.getMessage(),
                        config.getErrorBackoffMs());
                pause();
            } catch (RuntimeException e) {
                LOG.error("Reader {} of {} hit an unexpected error; it keeps running", name, key, e);
                pause();
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    private List<StreamMessage<String, String>> claimIdle(StreamConnection connection, Consumer<String> me) {
        ClaimedMessages<String, String> claimed = connection.streams().xautoclaim(key, new XAutoClaimArgs<String>()
                .consumer(me).minIdleTime(config.getClaimIdleMs()).startId("0-0").count(config.getBatchSize()));
        List<StreamMessage<String, String>> claimedEntries = claimed.getMessages();
        if (!claimedEntries.isEmpty()) {
            LOG.info("{} took over {} entries of {} idle for more than {} ms", me.getName(), claimedEntries.size(), key,
                    config.getClaimIdleMs());
        }
        return claimedEntries;
    }

    private Map<String, Long> deliveryCounts(StreamConnection connection, String name, List<StreamMessage<String, String>> batch) {
        List<PendingMessage> pending = connection.streams().xpending(key, Consumer.from(config.getGroup(), name),
                Range.create(batch.get(0).getId(), batch.get(batch.size() - 1).getId()), Limit.from(batch.size()));
        Map<String, Long> counts = new HashMap<>();
        for (PendingMessage p : pending) {
            counts.put(p.getId(), p.getRedeliveryCount());
        }
        return counts;
    }

    private void process(StreamConnection connection, String name, List<StreamMessage<String, String>> batch,
                         Map<String, Long> deliveryCounts) {
        List<String> done = new ArrayList<>(batch.size());
        for (StreamMessage<String, String> message : batch) {
            if (message.getBody() == null || message.getBody().isEmpty()) {
                // A pending entry that was trimmed or deleted: Redis returns its id without fields. Nothing to process.
                LOG.warn("Entry {} of {} was deleted while pending; dropped from the pending list", message.getId(), key);
                done.add(message.getId());
                continue;
            }
            long deliveries = deliveryCounts == null ? 1 : deliveryCounts.getOrDefault(message.getId(), 1L);
            if (processEntry(name, message, deliveries)) {
                done.add(message.getId());
            }
        }
        if (!done.isEmpty()) {
            connection.streams().xack(key, config.getGroup(), done.toArray(new String[0]));
        }
    }

    private boolean processEntry(String name, StreamMessage<String, String> message, long deliveries) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(message.getBody().get(config.getField()));
            exchange.getIn().setHeader(RedisStreamConstants.STREAM, config.getStream());
            exchange.getIn().setHeader(RedisStreamConstants.ENTRY_ID, message.getId());
            exchange.getIn().setHeader(RedisStreamConstants.DELIVERY_COUNT, deliveries);
            exchange.getIn().setHeader(RedisStreamConstants.GROUP, config.getGroup());
            exchange.getIn().setHeader(RedisStreamConstants.CONSUMER, name);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            Exception failure = exchange.getException();
            if (failure != null) {
                // One line per failed entry; the route's error handler has already logged the details.
                LOG.warn("Entry {} of {} failed on delivery {}: {}: {}; left pending for redelivery", message.getId(), key,
                        deliveries, failure.getClass().getSimpleName(), failure.getMessage());
                LOG.debug("Failure of entry {} of {}", message.getId(), key, failure);
                return false;
            }
            return true;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void ensureGroup(StreamConnection connection) {
        try {
            connection.streams().xgroupCreate(XReadArgs.StreamOffset.from(key, config.getStartId()), config.getGroup(),
                    XGroupCreateArgs.Builder.mkstream());
            LOG.info("Created consumer group {} on stream {} from {}", config.getGroup(), key, config.getStartId());
        } catch (RedisBusyException e) {
            LOG.debug("Consumer group {} on {} exists", config.getGroup(), key);
        }
    }

    private void pause() {
        try {
            Thread.sleep(config.getErrorBackoffMs()); // back off after a Redis error instead of spinning
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
