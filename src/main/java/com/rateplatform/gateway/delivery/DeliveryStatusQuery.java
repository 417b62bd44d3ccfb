package com.rateplatform.gateway.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.message.Json;

/**
 * Answers {@code GET /api/importer/webhooks/{deliveryId}}: where a delivery stands, every attempt with its answer or
 * error, and when the next one is due. A delivery of another caller is as unknown as a missing one: 404.
 */
public class DeliveryStatusQuery {

    /** A delivery at a glance, as the batch status shows it. */
    public record Summary(UUID deliveryId, String status, int attempts) {
    }

    private static final String FIND = """
            SELECT delivery_id, subject_kind, subject_id, user_id, url, status, attempts, next_attempt_at,
                   last_status_code, last_error, created_at, delivered_at
              FROM webhook_deliveries WHERE delivery_id = ?
            """;

    private static final String ATTEMPTS = """
            SELECT attempt, attempted_at, duration_ms, status_code, error
              FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt
            """;

    private static final String FIND_BY_SUBJECT = """
            SELECT delivery_id, status, attempts FROM webhook_deliveries WHERE subject_kind = ? AND subject_id = ?
            """;

    private final DataSource dataSource;
    private final int maxAttempts;

    public DeliveryStatusQuery(DataSource dataSource, int maxAttempts) {
        this.dataSource = dataSource;
        this.maxAttempts = maxAttempts;
    }

    public String describe(@Header("deliveryId") String deliveryId,
                           @ExchangeProperty(ExchangeProperties.CALLER) String caller) throws SQLException {
        UUID id = parse(deliveryId);
        Map<String, Object> reply = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || caller != null && !caller.equals(rs.getString(4))) {
                        throw notFound(deliveryId);
                    }
                    String status = rs.getString(6);
                    reply.put("delivery_id", id.toString());
                    reply.put("event", rs.getString(2) + ".completed");
                    reply.put("subject", Map.of("kind", rs.getString(2), "id", rs.getString(3)));
                    reply.put("url", rs.getString(5));
                    reply.put("status", status);
                    reply.put("attempts", rs.getInt(7));
                    reply.put("max_attempts", maxAttempts);
                    reply.put("next_attempt_at", status.equals("pending") ? instant(rs.getTimestamp(8)) : null);
                    reply.put("last_status_code", rs.getObject(9));
                    reply.put("last_error", rs.getString(10));
                    reply.put("created_at", instant(rs.getTimestamp(11)));
                    reply.put("delivered_at", instant(rs.getTimestamp(12)));
                }
            }
            reply.put("attempt_log", attempts(c, id));
        }
        return Json.write(reply);
    }

    /** The delivery scheduled for a completed request or batch, if any. */
    public Optional<Summary> forSubject(String kind, String subjectId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIND_BY_SUBJECT)) {
            ps.setString(1, kind);
            ps.setString(2, subjectId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3)))
                        : Optional.empty();
            }
        }
    }

    private static List<Map<String, Object>> attempts(Connection c, UUID id) throws SQLException {
        List<Map<String, Object>> log = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ATTEMPTS)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> attempt = new LinkedHashMap<>();
                    attempt.put("attempt", rs.getInt(1));
                    attempt.put("at", instant(rs.getTimestamp(2)));
                    attempt.put("duration_ms", rs.getLong(3));
                    attempt.put("status_code", rs.getObject(4));
                    attempt.put("error", rs.getString(5));
                    log.add(attempt);
                }
            }
        }
        return log;
    }

    private static UUID parse(String deliveryId) {
        try {
            return UUID.fromString(deliveryId);
        } catch (IllegalArgumentException e) {
            throw notFound(deliveryId);
        }
    }

    private static ApiException notFound(String deliveryId) {
        return new ApiException(404, "NOT_FOUND", "no webhook delivery " + deliveryId, "deliveryId");
    }

    private static String instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().toString();
    }
}
