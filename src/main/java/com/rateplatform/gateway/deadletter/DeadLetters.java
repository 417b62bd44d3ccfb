package com.rateplatform.gateway.deadletter;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MalformedMessageException;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.reliability.DeliveryLimitExceededException;
import com.rateplatform.gateway.security.PiiMasker;
import com.rateplatform.gateway.stream.RedisStreamConstants;

/**
 * Builds the dead-letter entry for a stream entry that failed for good: what failed (class and message, never a
 * stack trace, numbers masked), how often it was delivered, where it came from, and the original payload so it can be
 * replayed — sealed as on the streams: a payload that held personal fields in clear has them sealed here. Also names the
 * request it belonged to (when the payload says) and the error code its status gets: the code of a
 * {@link MalformedMessageException} ({@code MALFORMED_ENTRY}, {@code PAYLOAD_KEY_UNKNOWN}, ...), or
 * {@code DELIVERY_LIMIT_EXCEEDED}.
 */
public class DeadLetters {

    public static final String MALFORMED_ENTRY = MalformedMessageException.MALFORMED_ENTRY;
    public static final String DELIVERY_LIMIT_EXCEEDED = "DELIVERY_LIMIT_EXCEEDED";

    private final Ids ids;
    private final Clock clock;
    private final MessageCodec codec;

    public DeadLetters(Ids ids, Clock clock, MessageCodec codec) {
        this.ids = ids;
        this.clock = clock;
        this.codec = codec;
    }

    /**
     * The dead letter of the entry on the exchange (the original message, with the exception that ended it): the route
     * keeps it in a variable, sends its {@link DeadLetter#entry()} to the dead-letter stream and gives its request
     * {@link DeadLetter#errorCode()}.
     */
    public DeadLetter describe(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String payload = exchange.getIn().getBody(String.class);
        String errorCode = cause instanceof DeliveryLimitExceededException ? DELIVERY_LIMIT_EXCEEDED
                : cause instanceof MalformedMessageException malformed ? malformed.errorCode() : MALFORMED_ENTRY;
        String requestId = requestIdOf(payload);
        String originStream = exchange.getIn().getHeader(RedisStreamConstants.STREAM, String.class);
        String originId = exchange.getIn().getHeader(RedisStreamConstants.ENTRY_ID, String.class);
        long deliveries = exchange.getIn().getHeader(RedisStreamConstants.DELIVERY_COUNT, 1L, Long.class);

        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("uuidv7", ids.next().toString());
        entry.put("error", cause == null ? "unknown" : cause.getClass().getName() + ": " + PiiMasker.mask(cause.getMessage()));
        entry.put("error_code", errorCode);
        entry.put("fail_count", deliveries);
        entry.put("ts", clock.instant().toString());
        entry.put("origin_stream", originStream);
        entry.put("origin_id", originId);
        entry.put("request_id", requestId);
        entry.put("payload", payload == null ? null : codec.sealClearFields(payload));
        return new DeadLetter(requestId, errorCode, originStream, originId, deliveries, Json.write(entry));
    }

    /**
     * A stream entry that failed for good.
     *
     * @param requestId    the request it belonged to, when the payload names one; null otherwise
     * @param errorCode    the error code its request gets
     * @param originStream the stream it came from
     * @param originId     the id it had there
     * @param deliveries   how often it was delivered
     * @param entry        the dead-letter entry (JSON) for the dead-letter stream
     */
    public record DeadLetter(String requestId, String errorCode, String originStream, String originId, long deliveries,
                             String entry) {
    }

    /** The request_id of a payload that is JSON enough to have one; null otherwise. */
    static String requestIdOf(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(payload);
            JsonNode id = node == null ? null : node.get("request_id");
            return id != null && id.isTextual() ? id.textValue() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
