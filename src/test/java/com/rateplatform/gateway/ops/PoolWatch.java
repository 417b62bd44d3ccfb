package com.rateplatform.gateway.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.rateplatform.gateway.support.HaProxy;

/**
 * Reads HAProxy's {@code show stat} every 100 ms and keeps, per server of a backend, when it left the pool and when it
 * came back (a server is in the pool while its status is UP, "UP 1/2" included: one failed check does not take it
 * out). Also notes the slowest health check HAProxy saw, and whether the pool was ever empty.
 */
final class PoolWatch implements AutoCloseable {

    private static final long POLL_MS = 100;

    /** A time out of the pool, in {@link System#nanoTime()}; {@code to} is 0 while it lasts. */
    record Absence(long from, long to) {
    }

    private final HaProxy proxy;
    private final String backend;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, List<Absence>> absences = new ConcurrentHashMap<>();
    private final Map<String, Boolean> inPool = new ConcurrentHashMap<>();
    private final Map<String, Integer> slowestCheckMs = new ConcurrentHashMap<>();
    private final AtomicInteger emptyPoolPolls = new AtomicInteger();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    PoolWatch(HaProxy proxy, String backend) {
        this.proxy = proxy;
        this.backend = backend;
        poller.scheduleAtFixedRate(this::poll, 0, POLL_MS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        Map<String, Map<String, String>> servers;
        try {
            servers = proxy.servers(backend);
        } catch (IOException | RuntimeException e) {
            errors.add(e.toString());
            return;
        }
        long now = System.nanoTime();
        servers.forEach((server, stat) -> {
            boolean up = stat.getOrDefault("status", "").startsWith("UP");
            Boolean was = inPool.put(server, up);
            List<Absence> list = absences.computeIfAbsent(server, s -> Collections.synchronizedList(new ArrayList<>()));
            if (!up && (was == null || was)) {
                list.add(new Absence(now, 0));
            } else if (up && was != null && !was) {
                Absence open = list.remove(list.size() - 1);
                list.add(new Absence(open.from(), now));
            }
            String checkMs = stat.getOrDefault("check_duration", "");
            if (!checkMs.isEmpty()) {
                slowestCheckMs.merge(server, Integer.parseInt(checkMs), Math::max);
            }
        });
        if (servers.values().stream().noneMatch(s -> s.getOrDefault("status", "").startsWith("UP"))) {
            emptyPoolPolls.incrementAndGet();
        }
    }

    boolean inPool(String server) {
        return inPool.getOrDefault(server, false);
    }

    /** The first absence of the server that began after {@code sinceNanos}, or null. */
    Absence absenceAfter(String server, long sinceNanos) {
        List<Absence> list = absences.getOrDefault(server, List.of());
        synchronized (list) {
            return list.stream().filter(a -> a.from() >= sinceNanos).findFirst().orElse(null);
        }
    }

    /** Polls during which no server was in the pool. */
    int emptyPoolPolls() {
        return emptyPoolPolls.get();
    }

    /** The slowest health check HAProxy reported for each server, in ms. */
    Map<String, Integer> slowestCheckMs() {
        return Map.copyOf(slowestCheckMs);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
