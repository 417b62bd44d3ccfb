package com.rateplatform.gateway.stream;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a stream without a consumer group ({@code XREAD BLOCK}): every process that runs one sees every entry
 * published after it started. Nothing is acknowledged and nothing is held for it, so it never keeps the stream from
 * being trimmed and leaves nothing behind when its process dies. It keeps the id of the last entry it read, so a lost
 * connection resumes where it stopped instead of skipping what was published meanwhile. An exchange that fails is
 * logged and not retried: the consumer is for work that another path makes good (a client resuming by entry id).
 */
public class RedisStreamTailConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamTailConsumer.class);

    private final RedisStreamEndpoint endpoint;
    private final RedisStreamConfiguration config;
    private final String key;
    private ExecutorService executor;
    private volatile boolean stopping;

    public RedisStreamTailConsumer(RedisStreamEndpoint endpoint, Processor processor) {
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
                .newSingleThreadExecutor(this, "RedisStreamTail[" + config.getStream() + "]");
        executor.submit(this::readLoop);
        LOG.info("Following stream {} (key {}) without a group", config.getStream(), key);
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(config.getBlockMs() + endpoint.getComponent().getCommandTimeoutMs(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
            executor = null;
        }
        super.doStop();
    }

    private void readLoop() {
        String cursor = null;
        StreamConnection connection = null;
        while (!stopping && isRunAllowed()) {
            try {
                if (connection == null) {
                    connection = endpoint.getComponent().connections().openDedicated();
                }
                if (cursor == null) {
                    cursor = lastId(connection);
                }
                List<StreamMessage<String, String>> batch = connection.streams().xread(
                        XReadArgs.Builder.count(config.getBatchSize()).block(config.getBlockMs()),
                        XReadArgs.StreamOffset.from(key, cursor));
                for (StreamMessage<String, String> message : batch) {
                    cursor = message.getId();
                    processEntry(message);
                }
            } catch (RedisException e) {
                if (stopping) {
                    break;
                }
                LOG.warn("Redis unavailable while following {}: {}; retrying in {} ms", key, e.getMessage(), config.getErrorBackoffMs());
                pause();
            } catch (RuntimeException e) {
                LOG.error("Follower of {} hit an unexpected error; it keeps running", key, e);
                pause();
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    /** The newest entry id now, so reading starts with what is published next; {@code 0-0} for an empty stream. */
    private String lastId(StreamConnection connection) {
        List<StreamMessage<String, String>> newest = connection.streams().xrevrange(key, Range.create("-", "+"), Limit.from(1));
        return newest.isEmpty() ? "0-0" : newest.get(0).getId();
    }

    private void processEntry(StreamMessage<String, String> message) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(message.getBody().get(config.getField()));
            exchange.getIn().setHeader(RedisStreamConstants.STREAM, config.getStream());
            exchange.getIn().setHeader(RedisStreamConstants.ENTRY_ID, message.getId());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            if (exchange.getException() != null) {
                LOG.warn("Entry {} of {} failed: {}: {}", message.getId(), key, exchange.getException().getClass().getSimpleName(),
                        exchange.getException().getMessage());
            }
        } finally {
            releaseExchange(exchange, false);
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
