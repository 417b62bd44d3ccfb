package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a stream in a consumer group. Each of {@code concurrency} readers owns a connection and a group consumer name
 * and loops over three sources of entries:
 * <ol>
 * <li>once at start, its own pending list (entries delivered to this name before a restart and never acknowledged);</li>
 * <li>every {@code claimInterval}, entries any consumer has left unacknowledged for {@code claimIdle} (XAUTOCLAIM):
 * how a crashed worker's entries, and entries whose processing failed, are delivered again;</li>
 * <li>otherwise new entries (XREADGROUP ... &gt;), blocking up to {@code block}.</li>
 * </ol>
 * An entry is acknowledged (XACK) only once its exchange completed without an unhandled exception, as its
 * {@code Synchronization.onComplete} reports; a failed entry stays pending and comes back through XAUTOCLAIM with a
 * higher delivery count.
 */
public class RedisStreamConsumer extends StreamReaderConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamConsumer.class);

    /** Set once a reader has created or found the group: from then on, a group that is gone is a health problem. */
    private volatile boolean groupSeen;

    public RedisStreamConsumer(RedisStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    Optional<String> checkRedis() {
        StreamConnection redis = endpoint.getComponent().connections().shared();
        if (!groupSeen) {
            redis.base().ping(); // the readers have not got as far as the group yet
            return Optional.empty();
        }
        try {
            boolean present = StreamGroup.parse(redis.streams().xinfoGroups(key)).stream()
                    .anyMatch(group -> group.name().equals(config.getGroup()));
            return present ? Optional.empty()
                    : Optional.of("group " + config.getGroup() + " of stream " + config.getStream() + " does not exist");
        } catch (RedisCommandExecutionException e) {
            // ERR no such key (the stream is gone), NOPERM (the ACL does not let this user read it), ...
            return Optional.of("group " + config.getGroup() + " of stream " + config.getStream() + " cannot be read: "
                               + e.getMessage());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        LOG.info("Reading stream {} (key {}) in group {} with {} reader(s) named {}-*", config.getStream(), key,
                config.getGroup(), config.getConcurrency(), config.getConsumerName());
    }

    @Override
    protected int readers() {
        return config.getConcurrency();
    }

    @Override
    protected String readerName(int index) {
        return config.getConsumerName() + "-" + index;
    }

    @Override
    protected String threadName() {
        return "RedisStreamConsumer[" + config.getStream() + "]";
    }

    @Override
    protected Reader newReader(String name) {
        return new GroupReader(name);
    }

    /** One group consumer: its own pending entries first, then idle entries of others every claimInterval, else new ones. */
    private final class GroupReader implements Reader {

        private final String name;
        private final Consumer<String> me;
        private String backlogCursor = "0";
        private long nextClaimAt;
        private boolean groupReady;
        private boolean fresh;

        GroupReader(String name) {
            this.name = name;
            this.me = Consumer.from(config.getGroup(), name);
        }

        @Override
        public List<StreamMessage<String, String>> read(StreamConnection connection) {
            // The group is created here, not at start: a reader started while Redis is down waits for it.
            if (!groupReady) {
                ensureGroup(connection);
                groupReady = true;
                groupSeen = true;
            }
            fresh = false;
            if (backlogCursor != null) {
                List<StreamMessage<String, String>> batch = connection.streams().xreadgroup(me,
                        XReadArgs.Builder.count(config.getBatchSize()), XReadArgs.StreamOffset.from(key, backlogCursor));
                backlogCursor = batch.isEmpty() ? null : batch.get(batch.size() - 1).getId();
                return batch;
            }
            if (System.currentTimeMillis() >= nextClaimAt) {
                nextClaimAt = System.currentTimeMillis() + config.getClaimInterval().toMillis();
                return claimIdle(connection, me);
            }
            fresh = true;
            return connection.streams().xreadgroup(me, XReadArgs.Builder.count(config.getBatchSize()).block(config.getBlock().toMillis()),
                    XReadArgs.StreamOffset.lastConsumed(key));
        }

        @Override
        public void handle(StreamConnection connection, List<StreamMessage<String, String>> batch) {
            // New entries are on their first delivery; the pending and claimed ones say how many they have had.
            processBatch(connection, name, batch, fresh ? null : deliveryCounts(connection, name, batch));
        }

        @Override
        public boolean refused(RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                // The stream or group vanished (Redis restarted without persistence, or the key was deleted): recreate it.
                LOG.warn("Group {} of stream {} is gone; creating it again", config.getGroup(), key);
                backlogCursor = "0";
                groupReady = false;
                return true;
            }
            return false;
        }
    }

    private List<StreamMessage<String, String>> claimIdle(StreamConnection connection, Consumer<String> me) {
        ClaimedMessages<String, String> claimed = connection.streams().xautoclaim(key, new XAutoClaimArgs<String>()
                .consumer(me).minIdleTime(config.getClaimIdle().toMillis()).startId("0-0").count(config.getBatchSize()));
        List<StreamMessage<String, String>> claimedEntries = claimed.getMessages();
        if (!claimedEntries.isEmpty()) {
            LOG.info("{} took over {} entries of {} idle for more than {} ms", me.getName(), claimedEntries.size(), key,
                    config.getClaimIdle().toMillis());
            tellClaimListener(me.getName(), claimedEntries);
        }
        return claimedEntries;
    }

    private void tellClaimListener(String consumer, List<StreamMessage<String, String>> claimedEntries) {
        ClaimListener listener = endpoint.getComponent().getClaimListener();
        if (listener == null) {
            return;
        }
        try {
            listener.claimed(config.getStream(), config.getGroup(), consumer,
                    claimedEntries.stream().map(StreamMessage::getId).toList());
        } catch (RuntimeException e) {
            // A report must never cost the entries their delivery.
            LOG.warn("The claim listener failed on {} entries of {}: {}", claimedEntries.size(), key, e.toString());
        }
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

    private void processBatch(StreamConnection connection, String name, List<StreamMessage<String, String>> batch,
                              Map<String, Long> deliveryCounts) {
        List<String> deleted = new ArrayList<>();
        List<StreamMessage<String, String>> live = new ArrayList<>(batch.size());
        for (StreamMessage<String, String> message : batch) {
            if (message.getBody() == null || message.getBody().isEmpty()) {
                // A pending entry that was trimmed or deleted: Redis returns its id without fields. Nothing to process.
                LOG.warn("Entry {} of {} was deleted while pending; dropped from the pending list", message.getId(), key);
                deleted.add(message.getId());
            } else {
                live.add(message);
            }
        }
        if (!deleted.isEmpty()) {
            acknowledge(deleted);
        }
        processAll(live, (message, in) -> {
            in.setHeader(RedisStreamConstants.DELIVERY_COUNT, deliveries(message, deliveryCounts));
            in.setHeader(RedisStreamConstants.GROUP, config.getGroup());
            in.setHeader(RedisStreamConstants.CONSUMER, name);
        }, (message, failure) -> {
            // One line per failed entry; the route's error handler has already logged the details.
            LOG.warn("Entry {} of {} failed on delivery {}: {}; left pending for redelivery", message.getId(), key,
                    deliveries(message, deliveryCounts), failure == null ? "no exception" : failure.getClass().getSimpleName()
                                                                                        + ": " + failure.getMessage());
            LOG.debug("Failure of entry {} of {}", message.getId(), key, failure);
        }, this::acknowledge);
    }

    /**
     * XACK of entries whose exchange completed (never earlier: an entry still being processed, or failed, stays
     * pending). On the shared connection, not the reader's own: a stop closes a reader's connection to end its blocked
     * read, and the acknowledgement of a batch processed meanwhile must not be lost with it.
     */
    private void acknowledge(List<String> ids) {
        endpoint.getComponent().connections().shared().streams().xack(key, config.getGroup(), ids.toArray(new String[0]));
    }

    private static long deliveries(StreamMessage<String, String> message, Map<String, Long> deliveryCounts) {
        return deliveryCounts == null ? 1 : deliveryCounts.getOrDefault(message.getId(), 1L);
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
}
