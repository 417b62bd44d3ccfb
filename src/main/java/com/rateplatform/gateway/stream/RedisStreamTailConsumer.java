package com.rateplatform.gateway.stream;

import java.util.List;
import java.util.Optional;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a stream without a consumer group ({@code XREAD BLOCK}): every process that runs one sees every entry
 * published after it started. Nothing is acknowledged and nothing is held for it, so it never keeps the stream from
 * being trimmed and leaves nothing behind when its process dies. It keeps the id of the last entry it read, so a lost
 * connection resumes where it stopped instead of skipping what was published meanwhile. An exchange that fails is
 * logged and not retried: the consumer is for work that another path makes good (a client resuming by entry id).
 */
public class RedisStreamTailConsumer extends StreamReaderConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamTailConsumer.class);

    public RedisStreamTailConsumer(RedisStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        LOG.info("Following stream {} (key {}) without a group", config.getStream(), key);
    }

    @Override
    Optional<String> checkRedis() {
        endpoint.getComponent().connections().shared().base().ping(); // no group: reachable is readable
        return Optional.empty();
    }

    @Override
    protected int readers() {
        return 1; // one cursor; a second reader would see every entry again
    }

    @Override
    protected String readerName(int index) {
        return "follower";
    }

    @Override
    protected String threadName() {
        return "RedisStreamTail[" + config.getStream() + "]";
    }

    @Override
    protected Reader newReader(String name) {
        return new Reader() {
            private String cursor;

            @Override
            public List<StreamMessage<String, String>> read(StreamConnection connection) {
                if (cursor == null) {
                    cursor = lastId(connection);
                }
                return connection.streams().xread(XReadArgs.Builder.count(config.getBatchSize()).block(config.getBlock().toMillis()),
                        XReadArgs.StreamOffset.from(key, cursor));
            }

            @Override
            public void handle(StreamConnection connection, List<StreamMessage<String, String>> batch) {
                for (StreamMessage<String, String> message : batch) {
                    cursor = message.getId();
                    processEntry(message);
                }
            }
        };
    }

    /** The newest entry id now, so reading starts with what is published next; {@code 0-0} for an empty stream. */
    private String lastId(StreamConnection connection) {
        List<StreamMessage<String, String>> newest = connection.streams().xrevrange(key, Range.create("-", "+"), Limit.from(1));
        return newest.isEmpty() ? "0-0" : newest.get(0).getId();
    }

    private void processEntry(StreamMessage<String, String> message) {
        Exception failure = process(message, in -> {
        });
        if (failure != null) {
            LOG.warn("Entry {} of {} failed: {}: {}", message.getId(), key, failure.getClass().getSimpleName(), failure.getMessage());
        }
    }
}
