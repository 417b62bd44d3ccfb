package com.rateplatform.gateway.monitoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import com.rateplatform.gateway.metrics.Meters;

/**
 * The stream gauges of the last collection, shown only by the instance that collects them: gauges of streams, groups
 * and values that no longer exist (a group deleted, a lag Redis can no longer tell) are removed rather than left at
 * their last value, and all of them when this instance stops collecting, so Prometheus never sees two instances
 * disagree, or a stale value.
 */
final class StreamGauges {

    static final String LENGTH = Meters.PREFIX + "stream.length";
    static final String LAG = Meters.PREFIX + "stream.group.lag";
    static final String PENDING = Meters.PREFIX + "stream.group.pending";
    static final String OLDEST_PENDING_AGE = Meters.PREFIX + "stream.group.oldest.pending.age";
    static final String OLDEST_UNDELIVERED_AGE = Meters.PREFIX + "stream.group.oldest.undelivered.age";
    static final String CONSUMERS = Meters.PREFIX + "stream.group.consumers";
    static final String LIVE_CONSUMERS = Meters.PREFIX + "stream.group.live.consumers";
    static final String CONSUMER_MIN_IDLE = Meters.PREFIX + "stream.group.consumer.min.idle";
    static final String DLQ_LENGTH = Meters.PREFIX + "dlq.length";
    static final String BACKPRESSURE_ACTIVE = Meters.PREFIX + "backpressure.active";
    static final String COLLECTED_AT = Meters.PREFIX + "streams.collected.timestamp";

    private static final String SECONDS = "seconds";

    /** One gauge value to show. */
    private record Reading(String name, String unit, String description, Tags tags, double value) {

        String key() {
            return name + tags;
        }
    }

    /** A shown gauge: Micrometer keeps only a weak reference to the holder, so this map keeps it alive. */
    private static final class Shown {
        volatile double value;
        Gauge gauge;
    }

    private final MeterRegistry registry;
    private final Map<String, Shown> shown = new HashMap<>();

    StreamGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Shows the snapshot (and the back-pressure state, and when its reading began); removes every gauge it does not name.
     */
    synchronized void show(StreamsSnapshot snapshot, boolean backPressureActive, long collectedAtMillis) {
        List<Reading> readings = new ArrayList<>();
        for (StreamsSnapshot.StreamState stream : snapshot.streams()) {
            Tags streamTags = Tags.of("stream", stream.stream());
            readings.add(new Reading(LENGTH, null, "Entries in the stream (XLEN)", streamTags, stream.length()));
            for (StreamsSnapshot.GroupState group : stream.groups()) {
                Tags tags = streamTags.and("group", group.group());
                if (group.lag() != null) {
                    readings.add(new Reading(LAG, null, "Entries not yet delivered to the group (XINFO GROUPS lag); absent while Redis cannot tell",
                            tags, group.lag()));
                }
                readings.add(new Reading(PENDING, null, "Entries delivered to the group and not yet acknowledged", tags, group.pending()));
                readings.add(new Reading(OLDEST_PENDING_AGE, SECONDS, "Age of the group's oldest pending entry; 0 when none",
                        tags, seconds(group.oldestPendingAgeMs())));
                readings.add(new Reading(OLDEST_UNDELIVERED_AGE, SECONDS, "Age of the oldest entry not yet delivered to the group; 0 when none",
                        tags, seconds(group.oldestUndeliveredAgeMs())));
                readings.add(new Reading(CONSUMERS, null, "Consumers the group knows (XINFO CONSUMERS), live or not", tags, group.consumers().size()));
                readings.add(new Reading(LIVE_CONSUMERS, null, "Consumers that read within the claim-idle time", tags, group.liveConsumers()));
                group.consumers().stream().mapToLong(StreamsSnapshot.ConsumerState::idleMs).min().ifPresent(idle -> readings.add(
                        new Reading(CONSUMER_MIN_IDLE, SECONDS, "Idle time of the group's most recently active consumer", tags, idle / 1000.0)));
            }
        }
        readings.add(new Reading(DLQ_LENGTH, null, "Entries in the dead-letter stream", Tags.of("stream", snapshot.dlq().stream()),
                snapshot.dlq().length()));
        readings.add(new Reading(BACKPRESSURE_ACTIVE, null, "1 while intake refuses imports because the backlog is over the threshold",
                Tags.empty(), backPressureActive ? 1 : 0));
        readings.add(new Reading(COLLECTED_AT, SECONDS, "When the last reading of the stream gauges began (Unix time)", Tags.empty(),
                collectedAtMillis / 1000.0));
        Set<String> keys = new HashSet<>();
        for (Reading reading : readings) {
            keys.add(reading.key());
            shown.computeIfAbsent(reading.key(), key -> register(reading)).value = reading.value();
        }
        shown.entrySet().removeIf(entry -> {
            if (keys.contains(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue().gauge);
            return true;
        });
    }

    /** Removes every stream gauge (this instance no longer collects them). */
    synchronized void clear() {
        shown.values().forEach(series -> registry.remove(series.gauge));
        shown.clear();
    }

    private Shown register(Reading reading) {
        Shown series = new Shown();
        series.gauge = Gauge.builder(reading.name(), series, s -> s.value).description(reading.description())
                .baseUnit(reading.unit()).tags(reading.tags()).register(registry);
        return series;
    }

    private static double seconds(Long millis) {
        return millis == null ? 0 : millis / 1000.0;
    }
}
