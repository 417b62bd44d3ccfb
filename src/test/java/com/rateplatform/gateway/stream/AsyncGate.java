package com.rateplatform.gateway.stream;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bean ({@code bean:gate?method=enter}) that parks every exchange on one future: the exchanges stay in flight,
 * asynchronously, until {@link #release()}.
 */
public final class AsyncGate {

    private final Set<String> entered = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> release = new CompletableFuture<>();

    public CompletableFuture<Void> enter(String body) {
        entered.add(body);
        return release;
    }

    /** The bodies of the exchanges that reached the gate. */
    Set<String> entered() {
        return entered;
    }

    void release() {
        release.complete(null);
    }
}
