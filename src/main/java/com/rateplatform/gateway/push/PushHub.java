package com.rateplatform.gateway.push;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.message.MalformedMessageException;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.metrics.Meters;
import com.rateplatform.gateway.stream.RedisStreamConstants;

/**
 * The push connections this gateway holds, by caller, at most {@code maxPerCaller} each; and the hand-over of every
 * response on {@code extension_responses} to the connections of the caller it belongs to, and to no one else.
 */
public class PushHub {

    private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);

    static final String CONNECTIONS = Meters.PREFIX + "push.connections";
    static final String SENT = Meters.PREFIX + "push.messages.sent";
    private static final List<String> TRANSPORTS = List.of("websocket", "sse");

    private final Map<String, Set<PushConnection>> byCaller = new ConcurrentHashMap<>();
    private final int maxPerCaller;
    private final MessageCodec codec;
    private final Map<String, Counter> sent = new HashMap<>();

    /**
     * @param codec    opens the results for the callers connected here
     * @param registry where the connections open and the results sent are counted, by transport
     */
    public PushHub(int maxPerCaller, MessageCodec codec, MeterRegistry registry) {
        this.maxPerCaller = maxPerCaller;
        this.codec = codec;
        for (String transport : TRANSPORTS) {
            Gauge.builder(CONNECTIONS, this, hub -> hub.open(transport)).description("Push connections open on this gateway")
                    .tag("transport", transport).register(registry);
            sent.put(transport, Counter.builder(SENT).description("Results handed to push connections")
                    .tag("transport", transport).register(registry));
        }
    }

    /** Connections of the transport open now (read when metrics are scraped). */
    private long open(String transport) {
        long open = 0;
        for (Set<PushConnection> connections : byCaller.values()) {
            for (PushConnection connection : connections) {
                if (connection.transport().equals(transport)) {
                    open++;
                }
            }
        }
        return open;
    }

    /** Adds a connection unless its caller already holds the most allowed here. */
    boolean register(PushConnection connection) {
        boolean[] added = { false };
        byCaller.compute(connection.caller(), (caller, connections) -> {
            Set<PushConnection> set = connections == null ? ConcurrentHashMap.newKeySet() : connections;
            if (set.size() < maxPerCaller) {
                added[0] = set.add(connection);
            }
            return set.isEmpty() ? null : set;
        });
        return added[0];
    }

    void unregister(PushConnection connection) {
        byCaller.computeIfPresent(connection.caller(), (caller, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    /** How many connections a caller holds on this gateway. */
    public int connections(String caller) {
        Set<PushConnection> connections = byCaller.get(caller);
        return connections == null ? 0 : connections.size();
    }

    List<PushConnection> all() {
        List<PushConnection> all = new ArrayList<>();
        byCaller.values().forEach(all::addAll);
        return all;
    }

    /**
     * Called for every entry of {@code extension_responses} (route push-extension-responses). The results are opened
     * only for a caller connected here.
     */
    public void deliver(@Body String json, @Header(RedisStreamConstants.ENTRY_ID) String entryId) {
        if (byCaller.isEmpty() || json == null) {
            return;
        }
        try {
            ResultEvent.of(entryId, json).ifPresent(event -> {
                Set<PushConnection> connections = byCaller.get(event.caller());
                if (connections != null) {
                    ResultEvent opened = event.opened(codec);
                    connections.forEach(connection -> {
                        connection.offer(opened);
                        sent.get(connection.transport()).increment();
                    });
                }
            });
        } catch (MalformedMessageException e) {
            LOG.warn("Not pushed: {}", e.getMessage());
        }
    }
}
