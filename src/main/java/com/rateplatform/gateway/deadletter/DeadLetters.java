package com.rateplatform.gateway.deadletter;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.stream.RedisStreamConstants;

/**
 * Builds the dead-letter entry for a stream entry that failed for good: what failed (class and message, never a
 * stack trace), how often it was delivered, where it came from, and the original payload so it can be replayed.
 */
public class DeadLetters {

    private final Ids ids;
    private final Clock clock;

    public DeadLetters(Ids ids, Clock clock) {
        this.ids = ids;
        this.clock = clock;
    }

    public String toEntry(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("uuidv7", ids.next().toString());
        entry.put("error", cause == null ? "unknown" : cause.getClass().getName() + ": " + cause.getMessage());
        entry.put("fail_count", exchange.getIn().getHeader(RedisStreamConstants.DELIVERY_COUNT, 1L, Long.class));
        entry.put("ts", clock.instant().toString());
        entry.put("origin_stream", exchange.getIn().getHeader(RedisStreamConstants.STREAM, String.class));
        entry.put("origin_id", exchange.getIn().getHeader(RedisStreamConstants.ENTRY_ID, String.class));
        entry.put("payload", exchange.getIn().getBody(String.class));
        return Json.write(entry);
    }
}
