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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.message.CallbackConfig;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.stream.RedisStreamComponent;

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

    private static final String CLAIM_MISSING = """
            UPDATE validation_requests SET republished_at = now()
             WHERE request_id = ANY (?) AND status = 'pending'
               AND (republished_at IS NULL OR republished_at < now() - ?::interval)
            RETURNING request_id, source, user_id, action, data::text, priority, callback_config::text, created_at
            """;

    private final DataSource dataSource;
    private final Supplier<RedisStreamComponent> streams;
    private final String requestsStream;
    private final String highPriorityStream;
    private final Duration minAge;
    private final Duration maxPendingAge;
    private final int batchSize;

    public Reconciler(DataSource dataSource, Supplier<RedisStreamComponent> streams, String requestsStream,
                      String highPriorityStream, Duration minAge,
                      Duration maxPendingAge, int batchSize) {
        this.dataSource = dataSource;
        this.streams = streams;
        this.requestsStream = requestsStream;
        this.highPriorityStream = highPriorityStream;
        this.minAge = minAge;
        this.maxPendingAge = maxPendingAge;
        this.batchSize = batchSize;
    }

    /** The requests to publish again, oldest first per priority lane; marks them republished. */
    public List<RequestMessage> requestsToRepublish() throws SQLException {
        List<RequestMessage> requests = new ArrayList<>(lostFrom(highPriorityStream, true));
        requests.addAll(lostFrom(requestsStream, false));
        if (!requests.isEmpty()) {
            LOG.warn("Republishing {} accepted request(s) whose stream entry is gone or overdue", requests.size());
        }
        return requests;
    }

    private List<RequestMessage> lostFrom(String stream, boolean highPriority) throws SQLException {
        long[] head = firstEntryId(stream);
        List<RequestMessage> requests = new ArrayList<>(staleOrBelowHead(head, highPriority));
        requests.addAll(missingFromTheMiddle(stream, head, highPriority));
        return requests;
    }

    private List<RequestMessage> staleOrBelowHead(long[] head, boolean highPriority) throws SQLException {
        List<RequestMessage> requests = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(CLAIM_STALE)) {
                ps.setBoolean(1, highPriority);
                ps.setString(2, interval(minAge));
                ps.setLong(3, head[0]);
                ps.setLong(4, head[1]);
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

    private List<RequestMessage> missingFromTheMiddle(String stream, long[] head, boolean highPriority) throws SQLException {
        if (head[0] == Long.MAX_VALUE) {
            return List.of(); // an empty stream: staleOrBelowHead took them all
        }
        Map<String, String> entryIds = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(IN_STREAM)) {
            ps.setBoolean(1, highPriority);
            ps.setString(2, interval(minAge));
            ps.setLong(3, head[0]);
            ps.setLong(4, head[1]);
            ps.setString(5, interval(minAge));
            ps.setInt(6, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entryIds.put(rs.getString(1), rs.getLong(2) + "-" + rs.getLong(3));
                }
            }
        }
        List<String> missing = missingEntries(stream, entryIds);
        if (missing.isEmpty()) {
            return List.of();
        }
        LOG.warn("{} pending request(s) lost their entry from the middle of {} (a failover to a replica that lacked"
                 + " the last writes?)", missing.size(), stream);
        List<RequestMessage> requests = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM_MISSING)) {
            ps.setArray(1, c.createArrayOf("text", missing.toArray()));
            ps.setString(2, interval(minAge));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    requests.add(toMessage(rs));
                }
            }
        }
        return requests;
    }

    /** The requests (of {@code entryIds}: request id to entry id) whose entry the stream does not hold; pipelined. */
    private List<String> missingEntries(String stream, Map<String, String> entryIds) {
        if (entryIds.isEmpty()) {
            return List.of();
        }
        RedisStreamComponent component = streams.get();
        RedisStreamAsyncCommands<String, String> redis = component.connections().shared().asyncStreams();
        String key = component.keyOf(stream);
        Map<String, RedisFuture<List<StreamMessage<String, String>>>> lookups = new LinkedHashMap<>();
        entryIds.forEach((requestId, entryId) -> lookups.put(requestId, redis.xrange(key, Range.create(entryId, entryId))));
        List<String> missing = new ArrayList<>();
        Duration timeout = Duration.ofMillis(component.getCommandTimeoutMs());
        for (Map.Entry<String, RedisFuture<List<StreamMessage<String, String>>>> lookup : lookups.entrySet()) {
            if (LettuceFutures.awaitOrCancel(lookup.getValue(), timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                missing.add(lookup.getKey());
            }
        }
        return missing;
    }

    /** The stream's first entry id as {ms, seq}; {MAX, 0} when the stream is empty or missing (every entry is lost). */
    private long[] firstEntryId(String stream) {
        RedisStreamComponent component = streams.get();
        List<StreamMessage<String, String>> first = component.connections().shared().streams()
                .xrange(component.keyOf(stream), Range.create("-", "+"), Limit.from(1));
        if (first.isEmpty()) {
            return new long[] { Long.MAX_VALUE, 0 };
        }
        String id = first.get(0).getId();
        int dash = id.indexOf('-');
        return new long[] { Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)) };
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
