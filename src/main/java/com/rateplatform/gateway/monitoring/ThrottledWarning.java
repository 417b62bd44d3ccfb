package com.rateplatform.gateway.monitoring;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * A warning logged at most once per interval, saying how many times it happened since it was last logged: for
 * failures that repeat every few seconds while a server is down, so the log stays readable.
 */
final class ThrottledWarning {

    private final Logger log;
    private final long intervalMs;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong unlogged = new AtomicLong();

    ThrottledWarning(Logger log, long intervalMs) {
        this.log = log;
        this.intervalMs = intervalMs;
    }

    /** Logs {@code message} with {@code cause}'s text, unless it was logged less than an interval ago. */
    void warn(String message, Throwable cause) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last < intervalMs || !lastLogged.compareAndSet(last, now)) {
            unlogged.incrementAndGet();
            return;
        }
        long more = unlogged.getAndSet(0);
        log.warn("{}: {}{}", message, cause.toString(), more == 0 ? "" : " (and " + more + " more times since the last such warning)");
    }
}
