package com.rateplatform.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callers whose credentials were verified lately, so a client sending the same JWT or API token again is not verified
 * again (a JWT signature check, an API token database look-up) on every request. Keyed by a SHA-256 of the credential,
 * never the credential itself. An entry lives until the credential expires or {@code ttl} has passed, whichever is
 * first; {@link #forget} and {@link #forgetAll} drop entries at once (a revoked token, rotated JWT keys). Bounded: when
 * {@code maxEntries} credentials are live at once the cache starts afresh rather than track recency on every hit.
 */
public class VerifiedCallers {

    private record Entry(Caller caller, long validUntilMillis) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final long ttlMillis;
    private final Clock clock;

    /** @param maxEntries 0 turns caching off */
    public VerifiedCallers(int maxEntries, Duration ttl, Clock clock) {
        this.maxEntries = maxEntries;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** The caller verified under this key, or null when there is none still valid. */
    public Caller get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (clock.millis() >= entry.validUntilMillis) {
            entries.remove(key, entry);
            return null;
        }
        return entry.caller;
    }

    /** @param credentialExpiry when the credential itself stops being valid; null when it does not expire */
    public void put(String key, Caller caller, Instant credentialExpiry) {
        if (maxEntries <= 0 || ttlMillis <= 0) {
            return;
        }
        long until = clock.millis() + ttlMillis;
        if (credentialExpiry != null) {
            until = Math.min(until, credentialExpiry.toEpochMilli());
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry(caller, until));
    }

    public void forget(String key) {
        entries.remove(key);
    }

    public void forgetAll() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
