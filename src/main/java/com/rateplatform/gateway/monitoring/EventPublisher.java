package com.rateplatform.gateway.monitoring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.XAddArgs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.metrics.Meters;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * Appends events to the {@code monitoring_events} stream, bounded by {@code XADD MAXLEN ~ maxLen}, without ever holding
 * up or failing the caller: events go through a bounded queue to one thread that sends them pipelined and does not wait
 * for the replies. A full queue drops the event; a failed XADD is counted; either is logged at most once a minute.
 */
public class EventPublisher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    /** Events waiting to be sent; more are dropped (Redis is down or far too slow, and the log says so). */
    private static final int QUEUE_CAPACITY = 10_000;
    static final String EVENTS = Meters.PREFIX + "monitoring.events";

    private final Supplier<RedisStreamComponent> streams;
    private final String stream;
    private final long maxLen;
    private final ThreadPoolExecutor sender;
    private final Counter sent;
    private final Counter dropped;
    private final Counter failed;
    private final ThrottledWarning dropWarning = new ThrottledWarning(LOG, 60_000);
    private final ThrottledWarning failureWarning = new ThrottledWarning(LOG, 60_000);

    public EventPublisher(Supplier<RedisStreamComponent> streams, String stream, long maxLen, MeterRegistry registry) {
        this.streams = streams;
        this.stream = stream;
        this.maxLen = maxLen;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
            Thread thread = new Thread(runnable, "monitoring-events");
            thread.setDaemon(true);
            return thread;
        });
        List<Counter> outcomes = List.of("sent", "dropped", "failed").stream().map(outcome -> Counter.builder(EVENTS)
                .description("Events for the monitoring_events stream, by outcome").tag("outcome", outcome).register(registry)).toList();
        this.sent = outcomes.get(0);
        this.dropped = outcomes.get(1);
        this.failed = outcomes.get(2);
    }

    /** Queues one event (a JSON object) for the stream; returns at once, whatever happens to it. */
    public void publish(String json) {
        try {
            sender.execute(() -> send(json));
        } catch (RejectedExecutionException e) {
            dropped.increment();
            dropWarning.warn("Monitoring event dropped (" + QUEUE_CAPACITY + " events wait to be sent to " + stream + ")", e);
        }
    }

    private void send(String json) {
        try {
            RedisStreamComponent component = streams.get();
            component.connections().shared().asyncStreams()
                    .xadd(component.keyOf(stream), XAddArgs.Builder.maxlen(maxLen).approximateTrimming(), Map.of("data", json))
                    .whenComplete((id, failure) -> {
                        if (failure == null) {
                            sent.increment();
                        } else {
                            notWritten(failure);
                        }
                    });
        } catch (RuntimeException e) {
            notWritten(e);
        }
    }

    /** Not named fail: ServiceSupport's fail(Exception) would be chosen for exceptions, and it marks the service failed. */
    private void notWritten(Throwable failure) {
        failed.increment();
        failureWarning.warn("Monitoring event not written to " + stream, failure);
    }

    @Override
    protected void doStop() {
        sender.shutdown();
    }
}
