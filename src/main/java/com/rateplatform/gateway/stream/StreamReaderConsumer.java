package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every reader of a stream shares: {@code readers} threads, each with a dedicated connection it opens (and opens
 * again after Redis went away) inside its loop, so a consumer started while Redis is down waits for it; errors handed to
 * the consumer's {@link #getExceptionHandler() ExceptionHandler} (so {@code bridgeErrorHandler} routes them), then
 * back-off instead of spinning; a stop that lets each reader finish and acknowledge the batch it holds but does not wait
 * out a blocked read (its connection is closed: whatever that read was handed stays pending and is delivered again);
 * and one exchange per entry. Subclasses say how one reader reads ({@link Reader#read}) and handles a batch
 * ({@link Reader#handle}).
 */
abstract class StreamReaderConsumer extends DefaultConsumer implements ReaderStatus.Source, HealthCheckAware {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReaderConsumer.class);
    /** While a batch has exchanges running, completed entries are acknowledged at least this often. */
    private static final long ACK_SLICE_MS = 1_000;

    /** One reader's state (cursors, consumer name) and its two steps: read a batch, handle it. */
    interface Reader {

        /** Reads one batch, blocking up to {@code block} when nothing is waiting; may be empty. */
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
    private HealthCheck healthCheck;
    /** The connections of readers now waiting in a read: a stop closes them rather than wait up to block. */
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
        // Camel's default handler logs each error with its stack trace: through a Redis outage, one per back-off. This
        // one logs a line per attempt. The endpoint's bridgeErrorHandler or exceptionHandler option replaces it.
        setExceptionHandler(new ReaderErrorLog());
    }

    /** How many readers (threads, connections) run. */
    protected abstract int readers();

    /** A reader's state; {@code name} is {@link #readerName}'s. */
    protected abstract Reader newReader(String name);

    /** The reader's name, for logs (and, in a group, as its consumer name). */
    protected abstract String readerName(int index);

    /** Thread name prefix, e.g. {@code RedisStreamConsumer[validation_requests]}. */
    protected abstract String threadName();

    /**
     * One Redis command for the health check: Redis answers, and what this consumer reads can be read.
     *
     * @return what is wrong, if anything
     * @throws io.lettuce.core.RedisException when Redis cannot be reached
     */
    abstract Optional<String> checkRedis();

    /** The logical stream name, for health details. */
    String streamName() {
        return config.getStream();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (healthCheck == null && endpoint.getComponent().isHealthCheckConsumerEnabled()) {
            healthCheck = new RedisStreamConsumerHealthCheck(this, getRouteId());
        }
    }

    /** Readiness of this consumer (null when the component's healthCheckConsumerEnabled is off). */
    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }

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
        long stallAfter = config.getBlock().plus(endpoint.getComponent().getCommandTimeout()).plus(config.getClaimIdle()).toMillis();
        List<ReaderStatus> all = new ArrayList<>();
        liveness.forEach((name, alive) -> all.add(new ReaderStatus(config.getStream(), name, alive.running,
                Math.max(0, now - alive.lastTurn), stallAfter)));
        return all;
    }

    @Override
    protected void doStop() throws Exception {
        // Readers finish the batch they hold and acknowledge it, then leave; a reader blocked in a read is released by
        // closing its connection. Entries still in flight after claimIdle are another consumer's by then anyway.
        stopping = true;
        reading.forEach(StreamConnection::close);
        if (executor != null) {
            executor.shutdown();
            long commandTimeoutMs = endpoint.getComponent().getCommandTimeout().toMillis();
            try {
                if (!executor.awaitTermination(config.getClaimIdle().toMillis() + commandTimeoutMs, TimeUnit.MILLISECONDS)) {
                    LOG.warn("Readers of {} still have exchanges in flight after {} ms; interrupting them (what completed is"
                             + " acknowledged, the rest stays pending for another consumer)", config.getStream(), config.getClaimIdle().toMillis());
                    stopNow(commandTimeoutMs);
                }
            } catch (InterruptedException e) {
                stopNow(commandTimeoutMs);
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        super.doStop();
    }

    /** Interrupts the readers and gives them a command timeout to acknowledge what completed. */
    private void stopNow(long commandTimeoutMs) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(commandTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                    failed("Redis refused a read of " + key + " by " + name, e);
                }
            } catch (RedisException e) {
                if (stopping) {
                    break;
                }
                failed("Redis unavailable for reader " + name + " of " + key + " (retrying in " + config.getErrorBackoff().toMillis() + " ms)", e);
            } catch (RuntimeException e) {
                failed("Reader " + name + " of " + key + " hit an unexpected error; it keeps running", e);
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
     * An entry counts as completed when its exchange completed: its {@link org.apache.camel.spi.Synchronization}'s
     * {@code onComplete} ran (no exception, or one an error policy handled), wherever and whenever the exchange
     * finished, even on another thread after a hand-off. {@code failed} hears of every other. {@code acknowledge} gets
     * the ids of completed entries: once when the batch is done, and meanwhile for those that completed while another
     * exchange of the batch is still running, so a slow one does not hold the rest until another consumer claims them.
     */
    protected void processAll(List<StreamMessage<String, String>> entries,
                              BiConsumer<StreamMessage<String, String>, Message> headers,
                              BiConsumer<StreamMessage<String, String>, Exception> failed,
                              Consumer<List<String>> acknowledge) {
        InFlightBatch batch = new InFlightBatch(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            Exchange exchange = newExchange(entry, in -> headers.accept(entry, in));
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange ex) {
                    batch.completed(entry.getId());
                }

                @Override
                public void onFailure(Exchange ex) {
                    try {
                        failed.accept(entry, ex.getException());
                    } finally {
                        batch.failed();
                    }
                }
            });
            getAsyncProcessor().process(exchange, doneSync -> releaseExchange(exchange, false));
        }
        awaitAll(batch, acknowledge);
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

    /**
     * Waits for a batch's exchanges, acknowledging completed entries as it goes; one that seems stuck is reported (its
     * entry stays unacknowledged meanwhile). Interrupted (a stop that ran out of patience), it still acknowledges what
     * completed before it returns: Lettuce refuses commands on an interrupted thread, so the flag is restored only after.
     */
    private void awaitAll(InFlightBatch batch, Consumer<List<String>> acknowledge) {
        long slice = Math.max(1, Math.min(ACK_SLICE_MS, config.getClaimIdle().toMillis() / 4));
        long waited = 0;
        long nextWarning = config.getClaimIdle().toMillis();
        boolean interrupted = false;
        try {
            while (!batch.awaitFinished(slice)) {
                acknowledgeCompleted(batch, acknowledge);
                waited += slice;
                if (waited >= nextWarning) {
                    LOG.warn("{} exchange(s) of a batch of {} still running after {} ms", batch.running(), key, waited);
                    nextWarning += config.getClaimIdle().toMillis();
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            LOG.warn("Reader of {} interrupted with {} exchange(s) of its batch running: they stay pending for another consumer",
                    key, batch.running());
        } finally {
            try {
                acknowledgeCompleted(batch, acknowledge);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void acknowledgeCompleted(InFlightBatch batch, Consumer<List<String>> acknowledge) {
        List<String> ids = batch.takeCompleted();
        if (!ids.isEmpty()) {
            acknowledge.accept(ids);
        }
    }

    /** Hands a reader's error to the exception handler, then backs off: the reader never dies of an error. */
    private void failed(String message, Exception e) {
        try {
            getExceptionHandler().handleException(message, e);
        } catch (RuntimeException handlerFailure) {
            LOG.warn("The exception handler of {} failed on: {}", key, message, handlerFailure);
        }
        pause();
    }

    private void pause() {
        try {
            Thread.sleep(config.getErrorBackoff().toMillis()); // back off after a Redis error instead of spinning
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
