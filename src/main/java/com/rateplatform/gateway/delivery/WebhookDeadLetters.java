package com.rateplatform.gateway.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Body;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MessageCodec;

/**
 * The dead-letter entry of a delivery that gave up: the keys of every dead-letter entry (see
 * {@code deadletter.DeadLetters}; its origin is the delivery's row) plus the delivery id, the attempts, the URL and
 * what completed (its personal fields sealed, as on every stream), so it can be sent again by hand.
 */
public class WebhookDeadLetters {

    private final Ids ids;
    private final Clock clock;
    private final MessageCodec codec;

    public WebhookDeadLetters(Ids ids, Clock clock, MessageCodec codec) {
        this.ids = ids;
        this.clock = clock;
        this.codec = codec;
    }

    public String toEntry(@Body AttemptResult result) {
        Delivery delivery = result.delivery();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("uuidv7", ids.next().toString());
        entry.put("error", result.error());
        entry.put("fail_count", delivery.attempt());
        entry.put("ts", clock.instant().toString());
        entry.put("origin_stream", "webhook_deliveries");
        entry.put("origin_id", delivery.deliveryId().toString());
        entry.put("payload", delivery.payload() == null ? null : codec.sealClearFields(delivery.payload()));
        entry.put("delivery_id", delivery.deliveryId().toString());
        entry.put("attempts", delivery.attempt());
        entry.put("url", delivery.url());
        entry.put("event", delivery.event());
        entry.put("subject_id", delivery.subjectId());
        return Json.write(entry);
    }
}
