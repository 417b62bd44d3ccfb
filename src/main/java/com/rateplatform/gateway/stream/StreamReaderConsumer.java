package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every reader of a stream shares: {@code readers} threads, each with a dedicated connection it opens (and opens
 * again after Redis went away) inside its loop, so a consumer started while Redis is down waits for it; back-off after a
 * Redis error instead of spinning; a stop that lets each reader finish the batch it holds but does not wait out a
 * blocked read (its connection is closed: whatever that read was handed stays pending and is delivered again); and one
 * exchange per entry. Subclasses say how one reader reads ({@link Reader#read}) and handles a batch ({@link Reader#handle}).
 */
abstract class StreamReaderConsumer extends DefaultConsumer implements ReaderStatus.Source {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReaderConsumer.class);

    /** One reader's state (cursors, consumer name) and its two steps: read a batch, handle it. */
    interface Reader {

        /** Reads one batch, blocking up to {@code blockMs} when nothing is waiting; may be empty. */
        List<StreamMessage<String, String>> read(StreamConnection connection);

        /** Processes a batch {@link #read} returned (and acknowledges it, in a group). */
        void handle(StreamConnection connection, List<StreamMessage<String, String>> batch);

        /**
         * Redis refused a command (an error reply, not a lost connection).
         *
         * @return true when the reader dealt with it and may go on at once; false to log it and back off
         */
        default boolean refused(RedisCommandExecutionException e) {
            return false;
        }
    }

    protected final RedisStreamEndpoint endpoint;
    protected final RedisStreamConfiguration config;
    protected final String key;
    private ExecutorService executor;
    private volatile boolean stopping;
    /** The connections of readers now waiting in a read: a stop closes them rather than wait up to blockMs. */
    private final Set<StreamConnection> reading = ConcurrentHashMap.newKeySet();
    /** Each reader's liveness, by name: set when it starts a read, cleared when it leaves its loop. */
    private final Map<String, Liveness> liveness = new ConcurrentHashMap<>();

    /** One reader's heartbeat: a volatile write per turn, read only by health checks. */
    private static final class Liveness {
        volatile boolean running = true;
        volatile long lastTurn = System.currentTimeMillis();
    }

    StreamReaderConsumer(RedisStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.key = endpoint.streamKey();
    }

    /** How many readers (threads, connections) run. */
    protected abstract int readers();

    /** A reader's state; {@code name} is {@link #readerName}'s. */
    protected abstract Reader newReader(String name);

    /** The reader's name, for logs (and, in a group, as its consumer name). */
    protected abstract String readerName(int index);

    /** Thread name prefix, e.g. {@code RedisStreamConsumer[validation_requests]}. */
    protected abstract String threadName();

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = false;
        executor = getEndpoint().getCamelContext().getExecutorServiceManager().newFixedThreadPool(this, threadName(), readers());
        liveness.clear();
        for (int i = 0; i < readers(); i++) {
            String name = readerName(i);
            Reader reader = newReader(name);
            Liveness alive = new Liveness();
            liveness.put(name, alive);
            executor.submit(() -> {
                try {
                    loop(reader, name, alive);
                } finally {
                    alive.running = false; // also when an Error ends the loop: the health check then says so
                }
            });
        }
    }

    @Override
    public List<ReaderStatus> readerStatus() {
        long now = System.currentTimeMillis();
        long stallAfter = config.getBlockMs() + endpoint.getComponent().getCommandTimeoutMs() + config.getClaimIdleMs();
        List<ReaderStatus> all = new ArrayList<>();
        liveness.forEach((name, alive) -> all.add(new ReaderStatus(config.getStream(), name, alive.running,
                Math.max(0, now - alive.lastTurn), stallAfter)));
        return all;
    }

    @Override
    protected void doStop() throws Exception {
        // Readers finish the batch they hold, then leave; a reader blocked in a read returns within blockMs.
        stopping = true;
        reading.forEach(StreamConnection::close);
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(config.getBlockMs() + endpoint.getComponent().getCommandTimeoutMs(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Readers of {} did not finish in time; stopping them now", config.getStream());
                executor.shutdownNow();
            }
            executor = null;
        }
        super.doStop();
    }

    private void loop(Reader reader, String name, Liveness alive) {
        StreamConnection connection = null;
        while (!stopping && isRunAllowed()) {
            alive.lastTurn = System.currentTimeMillis();
            try {
                if (connection == null) {
                    connection = endpoint.getComponent().connections().openDedicated();
                }
                List<StreamMessage<String, String>> batch;
                reading.add(connection);
                try {
                    if (stopping) {
                        break;
                    }
                    batch = reader.read(connection);
                } finally {
                    reading.remove(connection);
                }
                if (!batch.isEmpty()) {
                    reader.handle(connection, batch);
                }
            } catch (RedisCommandExecutionException e) {
                if (!reader.refused(e)) {
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

    /**
     * Runs the route for one entry: the body is the entry's payload field; headers {@link RedisStreamConstants#STREAM},
     * {@link RedisStreamConstants#ENTRY_ID} and whatever {@code headers} adds.
     *
     * @return the exception the exchange ended with, null when it completed
     */
    protected Exception process(StreamMessage<String, String> entry, Consumer<Message> headers) {
        Exchange exchange = newExchange(entry, headers);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            return exchange.getException();
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /**
     * Runs the route for every entry of a batch at once (a route with asynchronous steps has all of them in flight
     * together, so a group commit or a pipelined XADD serves the whole batch), and returns when every exchange is done.
     * An entry counts as completed when its exchange completed (its unit of work's {@code onComplete}: no exception, or
     * one an error policy handled); {@code failed} hears of every other.
     *
     * @return the ids of the entries whose exchange completed
     */
    protected List<String> processAll(List<StreamMessage<String, String>> entries,
                                      BiConsumer<StreamMessage<String, String>, Message> headers,
                                      BiConsumer<StreamMessage<String, String>, Exception> failed) {
        String[] completed = new String[entries.size()];
        CountDownLatch done = new CountDownLatch(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            StreamMessage<String, String> entry = entries.get(i);
            int index = i;
            Exchange exchange = newExchange(entry, in -> headers.accept(entry, in));
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange ex) {
                    completed[index] = entry.getId();
                }

                @Override
                public void onFailure(Exchange ex) {
                    failed.accept(entry, ex.getException());
                }
            });
            getAsyncProcessor().process(exchange, doneSync -> {
                releaseExchange(exchange, false);
                done.countDown();
            });
        }
        awaitAll(done);
        List<String> ids = new ArrayList<>(entries.size());
        for (String id : completed) {
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private Exchange newExchange(StreamMessage<String, String> entry, Consumer<Message> headers) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(entry.getBody().get(config.getField()));
        in.setHeader(RedisStreamConstants.STREAM, config.getStream());
        in.setHeader(RedisStreamConstants.ENTRY_ID, entry.getId());
        headers.accept(in);
        return exchange;
    }

    /** Waits for a batch's exchanges; one that seems stuck is reported (its entry stays unacknowledged meanwhile). */
    private void awaitAll(CountDownLatch done) {
        try {
            while (!done.await(config.getClaimIdleMs(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} exchange(s) of a batch of {} still running after {} ms", done.getCount(), key, config.getClaimIdleMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
