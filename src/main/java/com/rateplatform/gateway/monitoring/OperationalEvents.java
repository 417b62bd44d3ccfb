package com.rateplatform.gateway.monitoring;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.rateplatform.gateway.deadletter.DeadLetters;
import com.rateplatform.gateway.delivery.AttemptResult;
import com.rateplatform.gateway.delivery.Delivery;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.PriorityLanes;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.metrics.Meters;
import com.rateplatform.gateway.stream.ClaimListener;

/**
 * What happened that operators want to know, told twice: as a counter on {@code /metrics} and as an event on the
 * {@code monitoring_events} stream (docs/Metrics.md#monitoring-events), so another system can follow it. Each event is
 * a small JSON object with {@code type}, {@code time}, the {@code instance} that saw it and ids — never a payload, a
 * name, a phone or an account number. Reporting never fails or slows what it reports (see {@link EventPublisher}).
 */
public class OperationalEvents implements ClaimListener {

    static final String DEAD_LETTERED = Meters.PREFIX + "dead.lettered";
    static final String REPUBLISHED = Meters.PREFIX + "reconciler.republished";
    static final String TAKEN_OVER = Meters.PREFIX + "entries.taken.over";
    /** The {@code origin_stream} of a webhook delivery's dead letter (see WebhookDeadLetters). */
    static final String WEBHOOK_ORIGIN = "webhook_deliveries";

    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Supplier<String> instance;
    private final Map<String, Counter> deadLettered = new HashMap<>();
    private final Map<String, Counter> republished = new HashMap<>();

    /**
     * @param originStreams the streams whose entries can be dead-lettered (their counters exist from the start)
     * @param instance      this process's name in consumer groups
     */
    public OperationalEvents(EventPublisher publisher, MeterRegistry registry, Clock clock, List<String> originStreams,
                             Supplier<String> instance) {
        this.publisher = publisher;
        this.registry = registry;
        this.clock = clock;
        this.instance = instance;
        originStreams.forEach(this::deadLetteredCounter);
        deadLetteredCounter(WEBHOOK_ORIGIN);
        for (String lane : List.of(PriorityLanes.HIGH, "normal")) {
            republished.put(lane, Counter.builder(REPUBLISHED).description("Requests the reconciler published again")
                    .tag("lane", lane).register(registry));
        }
    }

    /**
     * Route step after a stream entry went to the dead-letter stream.
     *
     * @param letter the dead letter ({@link DeadLetters#describe})
     * @param dlqId  its id in the dead-letter stream
     */
    public void deadLettered(DeadLetters.DeadLetter letter, String dlqId) {
        deadLetteredCounter(letter.originStream()).increment();
        Map<String, Object> event = event("dead_lettered");
        event.put("origin_stream", letter.originStream());
        event.put("origin_id", letter.originId());
        event.put("dlq_id", dlqId);
        event.put("request_id", letter.requestId());
        event.put("error_code", letter.errorCode());
        event.put("deliveries", letter.deliveries());
        publish(event);
    }

    /**
     * Route step after a webhook delivery that gave up went to the dead-letter stream.
     *
     * @param result its last attempt
     * @param dlqId  its id in the dead-letter stream
     */
    public void webhookDead(AttemptResult result, String dlqId) {
        deadLetteredCounter(WEBHOOK_ORIGIN).increment();
        Delivery delivery = result.delivery();
        Map<String, Object> event = event("webhook_dead");
        event.put("delivery_id", delivery.deliveryId().toString());
        event.put("event", delivery.event());
        event.put("subject_id", delivery.subjectId());
        event.put("attempts", delivery.attempt());
        event.put("status_code", result.statusCode());
        event.put("dlq_id", dlqId);
        publish(event);
    }

    /** Route step after the reconciler published requests again. */
    public void requestsRepublished(List<RequestMessage> requests) {
        for (RequestMessage request : requests) {
            republished.get(PriorityLanes.HIGH.equals(request.priority()) ? PriorityLanes.HIGH : "normal").increment();
        }
        Map<String, Object> event = event("requests_republished");
        event.put("count", requests.size());
        event.put("request_ids", requests.stream().map(RequestMessage::requestId).toList());
        publish(event);
    }

    @Override
    public void claimed(String stream, String group, String consumer, List<String> entryIds) {
        Counter.builder(TAKEN_OVER).description("Entries taken over from a consumer that left them unacknowledged too long")
                .tags("stream", stream, "group", group).register(registry).increment(entryIds.size());
        Map<String, Object> event = event("entries_taken_over");
        event.put("stream", stream);
        event.put("group", group);
        event.put("consumer", consumer);
        event.put("count", entryIds.size());
        event.put("entry_ids", entryIds);
        publish(event);
    }

    /** Back-pressure turned on or off (reported once per change, by the instance collecting stream metrics). */
    public void backPressure(boolean on, String stream, String group, long backlog, long threshold) {
        Map<String, Object> event = event(on ? "back_pressure_on" : "back_pressure_off");
        event.put("stream", stream);
        event.put("group", group);
        event.put("backlog", backlog);
        event.put("threshold", threshold);
        publish(event);
    }

    /** Takeovers are rare (a consumer died); their counter is registered on the first one, per stream and group. */
    void registerTakeOvers(String stream, String group) {
        Counter.builder(TAKEN_OVER).description("Entries taken over from a consumer that left them unacknowledged too long")
                .tags("stream", stream, "group", group).register(registry);
    }

    private Map<String, Object> event(String type) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("time", clock.instant().toString());
        event.put("instance", instance.get());
        return event;
    }

    private void publish(Map<String, Object> event) {
        publisher.publish(Json.write(event));
    }

    private Counter deadLetteredCounter(String origin) {
        String label = origin == null ? "unknown" : origin;
        synchronized (deadLettered) {
            return deadLettered.computeIfAbsent(label, o -> Counter.builder(DEAD_LETTERED)
                    .description("Entries sent to the dead-letter stream, by the stream (or webhook_deliveries) they came from")
                    .tag("origin_stream", o).register(registry));
        }
    }
}
