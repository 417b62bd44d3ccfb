package com.rateplatform.gateway.recovery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.lettuce.core.models.stream.PendingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.message.CallbackConfig;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.stream.StreamGroup;
import com.rateplatform.gateway.stream.StreamId;

/**
 * Finds accepted requests whose stream entry is gone (Redis lost its data, or the entry was trimmed unread) and gives
 * them back for publishing again, so every request in PostgreSQL completes even when Redis forgets it.
 *
 * <p>A request still pending is in flight as long as its entry is still in {@code validation_requests}. Entries leave
 * a stream only from its head, so a pending request whose recorded entry id is below the stream's first id has lost
 * its entry (an empty or missing stream has lost them all). A request past {@code minAge} whose entry id was never
 * recorded was never published (XADD failed and the client was answered 503) or its entry id was not noted (the
 * update after XADD failed): either way it is published again, at worst a second time. Requests
 * pending longer than {@code maxPendingAge} are republished whatever the stream holds. Republishing is safe:
 * processing and recording are idempotent on request_id.
 *
 * <p>An entry can also go missing from the middle of a stream: a Redis Cluster or Sentinel failover promotes a
 * replica that had not yet received the master's last writes, and the stream then goes on with newer ids. So the
 * oldest pending requests (past {@code minAge}) whose entry should still be there are looked up by id (XRANGE id id,
 * pipelined), and those whose entry is gone are republished too. Oldest first is enough: requests are validated in
 * stream order, so a lost one becomes one of the oldest pending as the queue ahead of it drains.
 *
 * <p>The same failover can lose a <em>response</em>: the worker validated the request, published the response and
 * acknowledged the request entry, and the response never reached the replica. Such a request stays pending although
 * the validators' group has acknowledged its entry. When the recorders have caught up with both response streams
 * (nothing pending, nothing undelivered, checked before and after), a pending request whose entry the validators
 * acknowledged has lost its response, and is published again.
 */
public class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private static final String CLAIM_STALE = """
            WITH stale AS (
                SELECT request_id FROM validation_requests
                 WHERE status = 'pending'
                   AND (priority = 'high') = ?
                   AND created_at < now() - ?::interval
                   AND ((stream_entry_ms IS NOT NULL AND (stream_entry_ms, stream_entry_seq) < (?, ?))
                        OR stream_entry_ms IS NULL
                        OR created_at < now() - ?::interval)
                   AND (republished_at IS NULL OR republished_at < now() - ?::interval)
                 ORDER BY created_at
                 LIMIT ?
                 FOR UPDATE SKIP LOCKED)
            UPDATE validation_requests r SET republished_at = now()
              FROM stale WHERE r.request_id = stale.request_id
            RETURNING r.request_id, r.source, r.user_id, r.action, r.data::text, r.priority, r.callback_config::text, r.created_at
            """;

    /** The oldest pending requests whose entry the stream should still hold, to check one by one. */
    private static final String IN_STREAM = """
            SELECT request_id, stream_entry_ms, stream_entry_seq FROM validation_requests
             WHERE status = 'pending'
               AND (priority = 'high') = ?
               AND created_at < now() - ?::interval
               AND stream_entry_ms IS NOT NULL AND (stream_entry_ms, stream_entry_seq) >= (?, ?)
               AND (republished_at IS NULL OR republished_at < now() - ?::interval)
             ORDER BY created_at
             LIMIT ?
            """;

    /** The head of an empty stream: above every entry id, so every pending request's entry is below it. */
    private static final StreamId EMPTY_STREAM = new StreamId(Long.MAX_VALUE, 0);

    private static final String CLAIM_MISSING = """
            UPDATE validation_requests SET republished_at = now()
             WHERE request_id = ANY (?) AND status = 'pending'
               AND (republished_at IS NULL OR republished_at < now() - ?::interval)
            RETURNING request_id, source, user_id, action, data::text, priority, callback_config::text, created_at
            """;

    /**
     * The streams and groups the reconciler looks at.
     *
     * @param requests       the normal lane
     * @param requestsHigh   the high-priority lane
     * @param validators     the group that reads both lanes
     * @param responses      the response streams
     * @param recorders      the group that records responses
     */
    public record Streams(String requests, String requestsHigh, String validators, List<String> responses, String recorders) {
    }

    private final DataSource dataSource;
    private final Supplier<RedisStreamComponent> component;
    private final Streams streams;
    private final Duration minAge;
    private final Duration maxPendingAge;
    private final int batchSize;

    public Reconciler(DataSource dataSource, Supplier<RedisStreamComponent> component, Streams streams, Duration minAge,
                      Duration maxPendingAge, int batchSize) {
        this.dataSource = dataSource;
        this.component = component;
        this.streams = streams;
        this.minAge = minAge;
        this.maxPendingAge = maxPendingAge;
        this.batchSize = batchSize;
    }

    // The loss checks, each a named step of the route reconcile-lane (gateway-reconciler.camel.yaml), once per lane.

    /**
     * Check 1, pending too long or below the head: requests past {@code minAge} never published or whose entry id is
     * below the lane's first entry (trimmed unread, or lost with Redis's data), and requests pending longer than
     * {@code maxPendingAge} whatever the lane holds; claimed (marked republished) here.
     *
     * @param head the lane's first entry id ({@link #firstEntryId})
     */
    public List<RequestMessage> staleOrBelowHead(StreamId head, boolean highPriority) throws SQLException {
        List<RequestMessage> requests = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(CLAIM_STALE)) {
                ps.setBoolean(1, highPriority);
                ps.setString(2, interval(minAge));
                ps.setLong(3, head.ms());
                ps.setLong(4, head.seq());
                ps.setString(5, interval(maxPendingAge));
                ps.setString(6, interval(minAge));
                ps.setInt(7, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        requests.add(toMessage(rs));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return requests;
    }

    /**
     * Check 2, lost from the middle of the lane: of {@code inStream}, the requests whose entry the lane does not hold
     * (a failover to a replica that lacked the last writes).
     */
    public List<String> entriesLost(String lane, Map<String, String> inStream) {
        List<String> lost = missingEntries(lane, inStream);
        if (!lost.isEmpty()) {
            LOG.warn("{} pending request(s) lost their entry from the middle of {} (a failover to a replica that lacked"
                     + " the last writes?)", lost.size(), lane);
        }
        return lost;
    }

    /**
     * Check 3, response lost: of {@code inStream} less {@code entriesLost}, the requests the validators acknowledged
     * although no response was recorded (the same failover, on a response stream).
     */
    public List<String> responsesLost(String lane, Map<String, String> inStream, List<String> entriesLost) {
        Map<String, String> present = new LinkedHashMap<>(inStream);
        entriesLost.forEach(present::remove);
        List<String> unrecorded = responsesLost(lane, present);
        if (!unrecorded.isEmpty()) {
            LOG.warn("{} pending request(s) of {} were validated but their response never got recorded (a failover to"
                     + " a replica that lacked the last writes?)", unrecorded.size(), lane);
        }
        return unrecorded;
    }

    /**
     * The lane's requests to publish again: those check 1 claimed, and those checks 2 and 3 found, claimed now (marked
     * republished, unless another gateway just did).
     */
    public List<RequestMessage> toRepublish(List<RequestMessage> staleOrBelowHead, List<String> entriesLost,
                                            List<String> responsesLost) throws SQLException {
        List<RequestMessage> requests = new ArrayList<>(staleOrBelowHead);
        List<String> lost = new ArrayList<>(entriesLost);
        lost.addAll(responsesLost);
        if (!lost.isEmpty()) {
            requests.addAll(claim(lost));
        }
        return requests;
    }

    /**
     * The oldest pending requests (past {@code minAge}) whose entry the lane should still hold, for checks 2 and 3:
     * request id to entry id. None when the lane is empty (check 1 took them all).
     */
    public Map<String, String> inStream(StreamId head, boolean highPriority) throws SQLException {
        Map<String, String> entryIds = new LinkedHashMap<>();
        if (head.equals(EMPTY_STREAM)) {
            return entryIds;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(IN_STREAM)) {
            ps.setBoolean(1, highPriority);
            ps.setString(2, interval(minAge));
            ps.setLong(3, head.ms());
            ps.setLong(4, head.seq());
            ps.setString(5, interval(minAge));
            ps.setInt(6, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entryIds.put(rs.getString(1), rs.getLong(2) + "-" + rs.getLong(3));
                }
            }
        }
        return entryIds;
    }

    /** Marks the requests republished (unless another gateway just did) and returns them. */
    private List<RequestMessage> claim(List<String> requestIds) throws SQLException {
        List<RequestMessage> requests = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM_MISSING)) {
            ps.setArray(1, c.createArrayOf("text", requestIds.toArray()));
            ps.setString(2, interval(minAge));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    requests.add(toMessage(rs));
                }
            }
        }
        return requests;
    }

    /**
     * Of {@code entryIds} (request id to entry id, entries still in {@code stream}), the requests whose entry the
     * validators acknowledged although no response was recorded: judged only while the recorders have caught up.
     */
    private List<String> responsesLost(String stream, Map<String, String> entryIds) {
        if (entryIds.isEmpty() || !responsesRecorded()) {
            return List.of();
        }
        RedisStreamComponent redisStreams = component.get();
        String key = redisStreams.keyOf(stream);
        Optional<StreamGroup> validators = StreamGroup.named(redisStreams.connections().shared().streams(), key, streams.validators());
        if (validators.isEmpty()) {
            return List.of();
        }
        Map<String, RedisFuture<List<PendingMessage>>> pending = new LinkedHashMap<>();
        RedisStreamAsyncCommands<String, String> redis = redisStreams.connections().shared().asyncStreams();
        entryIds.forEach((requestId, entryId) -> {
            if (StreamId.parse(entryId).compareTo(validators.get().lastDelivered()) <= 0) {
                pending.put(requestId, redis.xpending(key, XPendingArgs.Builder.xpending(streams.validators(),
                        Range.create(entryId, entryId), Limit.from(1))));
            }
        });
        List<String> acknowledged = answeredEmpty(pending);
        // A response published and recorded between the two looks would make a request look lost: look again.
        return acknowledged.isEmpty() || !responsesRecorded() ? List.of() : acknowledged;
    }

    /** Whether the recorders have recorded every response published so far: nothing pending, nothing undelivered. */
    private boolean responsesRecorded() {
        RedisStreamComponent redisStreams = component.get();
        RedisStreamCommands<String, String> redis = redisStreams.connections().shared().streams();
        for (String stream : streams.responses()) {
            String key = redisStreams.keyOf(stream);
            List<StreamMessage<String, String>> newest = redis.xrevrange(key, Range.create("-", "+"), Limit.from(1));
            if (newest.isEmpty()) {
                continue;
            }
            Optional<StreamGroup> recorders = StreamGroup.named(redis, key, streams.recorders());
            if (recorders.isEmpty() || recorders.get().pending() > 0
                || recorders.get().lastDelivered().compareTo(StreamId.parse(newest.get(0).getId())) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The requests (of {@code entryIds}: request id to entry id) whose entry the stream does not hold; pipelined. */
    private List<String> missingEntries(String stream, Map<String, String> entryIds) {
        if (entryIds.isEmpty()) {
            return List.of();
        }
        RedisStreamComponent redisStreams = component.get();
        RedisStreamAsyncCommands<String, String> redis = redisStreams.connections().shared().asyncStreams();
        String key = redisStreams.keyOf(stream);
        Map<String, RedisFuture<List<StreamMessage<String, String>>>> lookups = new LinkedHashMap<>();
        entryIds.forEach((requestId, entryId) -> lookups.put(requestId, redis.xrange(key, Range.create(entryId, entryId))));
        return answeredEmpty(lookups);
    }

    /** The request ids whose pipelined lookup (one command each, already sent) found nothing. */
    private List<String> answeredEmpty(Map<String, ? extends RedisFuture<? extends List<?>>> lookups) {
        long timeoutMs = component.get().getCommandTimeout().toMillis();
        List<String> empty = new ArrayList<>();
        lookups.forEach((requestId, lookup) -> {
            if (LettuceFutures.awaitOrCancel(lookup, timeoutMs, TimeUnit.MILLISECONDS).isEmpty()) {
                empty.add(requestId);
            }
        });
        return empty;
    }

    /**
     * The lane's first entry id (entries leave a stream only from its head); above every id when the lane is empty or
     * missing (every entry is lost).
     */
    public StreamId firstEntryId(String stream) {
        RedisStreamComponent redisStreams = component.get();
        List<StreamMessage<String, String>> first = redisStreams.connections().shared().streams()
                .xrange(redisStreams.keyOf(stream), Range.create("-", "+"), Limit.from(1));
        return first.isEmpty() ? EMPTY_STREAM : StreamId.parse(first.get(0).getId());
    }

    private static RequestMessage toMessage(ResultSet rs) throws SQLException {
        String callback = rs.getString(7);
        return new RequestMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Json.read(rs.getString(5), RequestData.class), rs.getString(6),
                callback == null ? null : Json.read(callback, CallbackConfig.class),
                rs.getTimestamp(8).toInstant().toString());
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
