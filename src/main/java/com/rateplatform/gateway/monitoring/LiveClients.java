package com.rateplatform.gateway.monitoring;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.push.SseWriter;

/**
 * The live-feed connections of this gateway, at most {@code maxPerCaller} per caller. A client that leaves the events
 * unread for more than {@code maxMissed} ticks in a row is disconnected (its browser reconnects); while it is behind,
 * events are skipped rather than buffered without bound.
 */
final class LiveClients {

    private static final Logger LOG = LoggerFactory.getLogger(LiveClients.class);

    /** One connection. */
    static final class Client {
        private final String caller;
        private final SseWriter writer;
        private final AtomicInteger missed = new AtomicInteger();

        Client(String caller, SseWriter writer) {
            this.caller = caller;
            this.writer = writer;
        }
    }

    private final List<Client> all = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Client>> byCaller = new ConcurrentHashMap<>();
    private final int maxPerCaller;
    private final int maxMissed;

    LiveClients(int maxPerCaller, int maxMissed) {
        this.maxPerCaller = maxPerCaller;
        this.maxMissed = maxMissed;
    }

    /** Adds a connection unless its caller already holds the most allowed. */
    boolean register(Client client) {
        boolean[] added = { false };
        byCaller.compute(client.caller, (caller, clients) -> {
            Set<Client> set = clients == null ? ConcurrentHashMap.newKeySet() : clients;
            if (set.size() < maxPerCaller) {
                added[0] = set.add(client);
            }
            return set.isEmpty() ? null : set;
        });
        if (added[0]) {
            all.add(client);
        }
        return added[0];
    }

    void unregister(Client client) {
        all.remove(client);
        byCaller.computeIfPresent(client.caller, (caller, clients) -> {
            clients.remove(client);
            return clients.isEmpty() ? null : clients;
        });
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    /** Sends one event to every client; a tick also counts, for each client, whether it keeps up. */
    void broadcast(String name, String id, String json, boolean tick) {
        for (Client client : all) {
            if (client.writer.closed()) {
                unregister(client);
            } else if (client.writer.full()) {
                if (tick && client.missed.incrementAndGet() > maxMissed) {
                    LOG.info("Live feed of {} is not reading; closing it", client.caller);
                    client.writer.reset();
                    unregister(client);
                }
            } else {
                if (tick) {
                    client.missed.set(0);
                }
                client.writer.event(name, id, json);
            }
        }
    }

    /** Ends every connection (the gateway stops; browsers reconnect to another one). */
    void closeAll() {
        all.forEach(client -> client.writer.end());
        all.clear();
        byCaller.clear();
    }
}
