package com.rateplatform.gateway.security;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scope's limit per caller: a token bucket of {@code capacity} requests, refilled evenly over {@code period}.
 * Written {@code <requests>/<period>} in configuration, for example {@code 300/1m} (periods in s, m or h).
 */
public record RateLimit(long capacity, Duration period) {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*([smh])\\s*");

    public RateLimit {
        if (capacity < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("A rate limit needs at least 1 request per a positive period");
        }
    }

    public static RateLimit parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("A rate limit is written <requests>/<period>, like 300/1m, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return new RateLimit(Long.parseLong(m.group(1)), period);
    }

    @Override
    public String toString() {
        return capacity + " per " + period.toSeconds() + "s";
    }
}
