package com.rateplatform.gateway.monitoring;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The streams, their consumer groups and the dead-letter stream as one collection read them: what
 * {@code GET /api/monitoring/streams} answers (docs/API-Documentation.md#streams) and the stream gauges show.
 *
 * @param collectedAt ISO-8601 instant of the reading
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StreamsSnapshot(String collectedAt, List<StreamState> streams, DlqState dlq) {

    /** {@code warning} of a group with entries waiting (pending or undelivered) and no consumer live. */
    public static final String NO_LIVE_CONSUMER = "no live consumer";

    /** One stream: its length and its groups. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StreamState(String stream, long length, List<GroupState> groups) {
    }

    /**
     * One consumer group.
     *
     * @param lag                    entries not yet delivered to the group; null when Redis cannot tell
     * @param pending                entries delivered and not yet acknowledged
     * @param oldestPendingAgeMs     age of the oldest pending entry (since it was added to the stream); null when none
     * @param oldestUndeliveredAgeMs age of the oldest entry not yet delivered to the group; null when none
     * @param liveConsumers          consumers idle for less than the claim-idle time (before Redis 7.2, idle is the time
     *                               since the consumer last got entries; from 7.2 on, since it last tried to read)
     * @param warning                {@link #NO_LIVE_CONSUMER} when entries wait and no consumer is live; else null
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GroupState(String group, Long lag, long pending, Long oldestPendingAgeMs, Long oldestUndeliveredAgeMs,
                             List<ConsumerState> consumers, int liveConsumers, String warning) {
    }

    /** One consumer of a group: what it holds and how long since it last read. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConsumerState(String name, long pending, long idleMs) {
    }

    /** The dead-letter stream. */
    public record DlqState(String stream, long length) {
    }

    /** The stream of this name, if it was read. */
    public java.util.Optional<StreamState> stream(String name) {
        return streams.stream().filter(s -> s.stream().equals(name)).findFirst();
    }
}
