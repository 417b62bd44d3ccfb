package com.rateplatform.gateway.reliability;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.lettuce.core.models.stream.PendingMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.stream.StreamGroup;
import com.rateplatform.gateway.stream.StreamId;

/**
 * Keeps streams within their bounds — about {@code maxLen} entries and no entry older than {@code maxAge} — without
 * ever removing an entry that a consumer group has not yet delivered or acknowledged (plain MAXLEN does: redis #6199).
 *
 * <p>The cut is the more aggressive of the count and the age bound, held back to the "safe" id: for every group the
 * oldest pending entry, or the entry after the last one delivered. Everything before the safe id has been delivered
 * and acknowledged by every group. {@code XTRIM MINID ~} removes whole nodes only, so it never passes the cut.
 * A stream without groups is left alone. When consumers fall behind, the stream grows beyond the bound rather than
 * lose work; back-pressure is what limits that growth.
 */
public class StreamTrimmer {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTrimmer.class);
    /** At most this many entries are read per run to find the count cut; later runs catch up. */
    private static final int MAX_COUNT_SCAN = 10_000;

    private final Supplier<RedisStreamComponent> streams;
    private final List<String> names;
    private final long maxLen;
    private final Duration maxAge;
    private final Clock clock;

    public StreamTrimmer(Supplier<RedisStreamComponent> streams, List<String> names, long maxLen, Duration maxAge, Clock clock) {
        this.streams = streams;
        this.names = names;
        this.maxLen = maxLen;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Trims every stream; returns the entries removed per stream. */
    public Map<String, Long> trimAll() {
        Map<String, Long> trimmed = new LinkedHashMap<>();
        for (String name : names) {
            long removed = trim(name);
            if (removed > 0) {
                trimmed.put(name, removed);
            }
        }
        if (!trimmed.isEmpty()) {
            LOG.info("Trimmed streams: {}", trimmed);
        }
        return trimmed;
    }

    long trim(String name) {
        RedisStreamComponent component = streams.get();
        String key = component.keyOf(name);
        RedisStreamCommands<String, String> redis = component.connections().shared().streams();
        long length = redis.xlen(key);
        if (length == 0) {
            return 0;
        }
        StreamId safe = safeCut(redis, key);
        if (safe == null) {
            return 0;
        }
        StreamId cut = StreamId.of(clock.millis() - maxAge.toMillis(), 0);
        if (length > maxLen) {
            long excess = Math.min(length - maxLen, MAX_COUNT_SCAN);
            List<StreamMessage<String, String>> oldest = redis.xrange(key, Range.create("-", "+"), Limit.from(excess));
            if (!oldest.isEmpty()) {
                cut = StreamId.max(cut, StreamId.parse(oldest.get(oldest.size() - 1).getId()).next());
            }
        }
        cut = StreamId.min(cut, safe);
        return redis.xtrim(key, XTrimArgs.Builder.minId(cut.toString()).approximateTrimming());
    }

    /** The first id some group still needs; null when the stream has no group (nothing is known to be done). */
    private static StreamId safeCut(RedisStreamCommands<String, String> redis, String key) {
        StreamId safe = null;
        for (StreamGroup group : StreamGroup.all(redis, key)) {
            StreamId needed = group.lastDelivered().next();
            if (group.pending() > 0) {
                PendingMessages summary = redis.xpending(key, group.name());
                String oldestPending = summary.getCount() == 0 ? null : summary.getMessageIds().getLower().getValue();
                if (oldestPending != null) { // null: acknowledged since XINFO was read
                    needed = StreamId.min(needed, StreamId.parse(oldestPending));
                }
            }
            safe = safe == null ? needed : StreamId.min(safe, needed);
        }
        return safe;
    }
}
