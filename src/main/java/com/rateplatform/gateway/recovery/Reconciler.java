package com.rateplatform.gateway.recovery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
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
 * <p>A request still pending is in flight as long as its entry can still be in {@code validation_requests}: entries
 * leave a stream only from its head, so a request accepted before the stream's first entry (less a clock margin) has
 * lost its entry. Requests pending longer than {@code maxPendingAge} are republished whatever the stream holds.
 * Republishing is safe: processing and recording are idempotent on request_id.
 */
public class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private static final String CLAIM_STALE = """
            WITH stale AS (
                SELECT request_id FROM validation_requests
                 WHERE status = 'pending'
                   AND created_at < now() - ?::interval
                   AND (created_at < ? OR created_at < now() - ?::interval)
                   AND (republished_at IS NULL OR republished_at < now() - ?::interval)
                 ORDER BY created_at
                 LIMIT ?
                 FOR UPDATE SKIP LOCKED)
            UPDATE validation_requests r SET republished_at = now()
              FROM stale WHERE r.request_id = stale.request_id
            RETURNING r.request_id, r.source, r.user_id, r.action, r.data::text, r.priority, r.callback_config::text, r.created_at
            """;

    private final DataSource dataSource;
    private final Supplier<RedisStreamComponent> streams;
    private final String requestsStream;
    private final Duration minAge;
    private final Duration maxPendingAge;
    private final Duration clockMargin;
    private final int batchSize;

    public Reconciler(DataSource dataSource, Supplier<RedisStreamComponent> streams, String requestsStream, Duration minAge,
                      Duration maxPendingAge, Duration clockMargin, int batchSize) {
        this.dataSource = dataSource;
        this.streams = streams;
        this.requestsStream = requestsStream;
        this.minAge = minAge;
        this.maxPendingAge = maxPendingAge;
        this.clockMargin = clockMargin;
        this.batchSize = batchSize;
    }

    /** The stream entries (request messages as JSON) to publish again; marks them republished. */
    public List<String> requestsToRepublish() throws SQLException {
        Instant lostBefore = oldestEntryTime().minus(clockMargin);
        List<String> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(CLAIM_STALE)) {
                ps.setString(1, interval(minAge));
                ps.setTimestamp(2, Timestamp.from(lostBefore));
                ps.setString(3, interval(maxPendingAge));
                ps.setString(4, interval(minAge));
                ps.setInt(5, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(Json.write(toMessage(rs)));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (!entries.isEmpty()) {
            LOG.warn("Republishing {} accepted request(s) whose stream entry is gone or overdue", entries.size());
        }
        return entries;
    }

    /** Time of the stream's first entry; far in the future when the stream is empty or missing (everything is lost). */
    private Instant oldestEntryTime() {
        RedisStreamComponent component = streams.get();
        List<StreamMessage<String, String>> first = component.connections().shared().streams()
                .xrange(component.keyOf(requestsStream), Range.create("-", "+"), Limit.from(1));
        if (first.isEmpty()) {
            return Instant.now().plus(Duration.ofDays(1));
        }
        String id = first.get(0).getId();
        return Instant.ofEpochMilli(Long.parseLong(id.substring(0, id.indexOf('-'))));
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
