package com.rateplatform.gateway.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.delivery.DeliveryStatusQuery;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.AuditLog;
import com.rateplatform.gateway.security.PiiMasker;

/**
 * Answers {@code GET /api/monitoring/requests/{requestId}}: one request of any caller as ops need it — the request as
 * recorded, its items' results ({@code raw_items}), the response, its webhook deliveries with every attempt, and a
 * timeline in time order, read from the columns that hold each step's time (accepted, published with its stream entry
 * id, republished, dead-lettered, validated, recorded, delivered) and from the audit log (its dead letters replayed or
 * deleted, by whom). Phone and account numbers are masked unless monitoring:write.
 */
public class RequestDetail {

    // The first ten columns are RequestSearch's, for RequestSearch.row.
    private static final String REQUEST = """
            SELECT r.request_id, r.source, r.user_id, r.action, r.priority, r.status, r.error_code, r.item_count,
                   r.created_at, r.updated_at, r.callback_config::text, r.data::text, r.stream_entry_ms, r.stream_entry_seq,
                   r.republished_at, s.status, s.result::text, s.processing_time_ms, s.created_at, c.batch_id, c.chunk_no
              FROM validation_requests r
              LEFT JOIN validation_responses s ON s.request_id = r.request_id
              LEFT JOIN import_chunks c ON c.request_id = r.request_id
             WHERE r.request_id = ?
            """;

    // Items carry their request's accepted time as created_at: the partition holding them is found from it.
    private static final String ITEMS = """
            SELECT item_id, status, payload::text, result::text, error::text, updated_at
              FROM raw_items WHERE request_id = ? AND created_at = ? ORDER BY item_id LIMIT ?
            """;

    // Replays and deletes of the request's dead letters, by whom (V30 indexes the request id in the details).
    private static final String AUDITED = """
            SELECT occurred_at, actor, action, target FROM audit_log WHERE details->>'request_id' = ? ORDER BY occurred_at
            """;

    private final DataSource dataSource;
    private final DeliveryStatusQuery deliveries;
    private final int maxItems;

    /** @param maxItems items shown at most (a bulk chunk holds up to IMPORT_CHUNK_SIZE) */
    public RequestDetail(DataSource dataSource, DeliveryStatusQuery deliveries, int maxItems) {
        this.dataSource = dataSource;
        this.deliveries = deliveries;
        this.maxItems = maxItems;
    }

    public String describe(@Header("requestId") String requestId,
                           @ExchangeProperty(ExchangeProperties.CALLER_SCOPES) Set<String> callerScopes) throws SQLException {
        Map<String, Object> reply = new LinkedHashMap<>();
        List<Map<String, Object>> timeline = new ArrayList<>();
        String batchId;
        try (Connection c = dataSource.getConnection()) {
            Timestamp acceptedAt;
            try (PreparedStatement ps = c.prepareStatement(REQUEST)) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new ApiException(404, "NOT_FOUND", "no request " + requestId, "requestId");
                    }
                    acceptedAt = rs.getTimestamp(9);
                    batchId = rs.getString(20);
                    reply.put("request", request(rs));
                    reply.put("response", response(rs));
                    timeline(rs, timeline);
                }
            }
            reply.put("items", items(c, requestId, acceptedAt));
            audited(c, requestId, timeline);
        }
        List<JsonNode> webhooks = new ArrayList<>();
        webhook("request", requestId).ifPresent(webhooks::add);
        if (batchId != null) {
            webhook("batch", batchId).ifPresent(webhooks::add);
        }
        for (JsonNode delivery : webhooks) {
            if (delivery.hasNonNull("delivered_at")) {
                timeline.add(event("delivered", Instant.parse(delivery.get("delivered_at").asText()),
                        Map.of("delivery_id", delivery.get("delivery_id").asText())));
            }
        }
        reply.put("webhooks", webhooks);
        timeline.sort(Comparator.comparing(step -> Instant.parse((String) step.get("at"))));
        reply.put("timeline", timeline);
        return PiiMasker.maskedFor(callerScopes, Json.write(reply));
    }

    private static Map<String, Object> request(ResultSet rs) throws SQLException {
        Map<String, Object> request = RequestSearch.row(rs);
        request.put("callback_config", json(rs.getString(11)));
        request.put("data", json(rs.getString(12)));
        if (rs.getString(20) != null) {
            request.put("batch", Map.of("batch_id", rs.getString(20), "chunk_no", rs.getInt(21)));
        }
        return request;
    }

    private static Map<String, Object> response(ResultSet rs) throws SQLException {
        if (rs.getString(16) == null) {
            return null;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", rs.getString(16));
        response.put("processing_time_ms", rs.getLong(18));
        response.put("recorded_at", instant(rs.getTimestamp(19)));
        response.put("message", json(rs.getString(17)));
        return response;
    }

    /** The steps whose time the request's row and its response hold, in the order they happen. */
    private static void timeline(ResultSet rs, List<Map<String, Object>> timeline) throws SQLException {
        timeline.add(event("accepted", rs.getTimestamp(9).toInstant(), Map.of()));
        long entryMs = rs.getLong(13);
        if (!rs.wasNull()) {
            // The entry id of XADD is the time Redis published it (of the latest publish, after a replay).
            timeline.add(event("published", Instant.ofEpochMilli(entryMs), Map.of("entry_id", entryMs + "-" + rs.getLong(14))));
        }
        if (rs.getTimestamp(15) != null) {
            timeline.add(event("republished", rs.getTimestamp(15).toInstant(), Map.of()));
        }
        if (rs.getString(7) != null) {
            timeline.add(event("dead_lettered", rs.getTimestamp(10).toInstant(), Map.of("error_code", rs.getString(7))));
        }
        JsonNode message = json(rs.getString(17));
        if (message != null && message.hasNonNull("timestamp")) {
            try {
                timeline.add(event("validated", Instant.parse(message.get("timestamp").asText()), Map.of()));
            } catch (java.time.format.DateTimeParseException e) {
                // a validator that wrote no ISO time: the step is left out rather than guessed
            }
        }
        if (rs.getTimestamp(19) != null) {
            timeline.add(event("recorded", rs.getTimestamp(19).toInstant(), Map.of("status", rs.getString(16))));
        }
    }

    private List<Map<String, Object>> items(Connection c, String requestId, Timestamp acceptedAt) throws SQLException {
        List<Map<String, Object>> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ITEMS)) {
            ps.setString(1, requestId);
            ps.setTimestamp(2, acceptedAt);
            ps.setInt(3, maxItems);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("item_id", rs.getString(1));
                    item.put("status", rs.getString(2));
                    item.put("payload", json(rs.getString(3)));
                    item.put("result", json(rs.getString(4)));
                    item.put("error", json(rs.getString(5)));
                    item.put("stored_at", instant(rs.getTimestamp(6)));
                    items.add(item);
                }
            }
        }
        return items;
    }

    private static void audited(Connection c, String requestId, List<Map<String, Object>> timeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(AUDITED)) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String action = rs.getString(3);
                    String name = AuditLog.DLQ_REPLAY.equals(action) ? "replayed" : AuditLog.DLQ_DELETE.equals(action) ? "dead_letter_deleted" : action;
                    timeline.add(event(name, rs.getTimestamp(1).toInstant(), Map.of("by", rs.getString(2), "dlq_entry", rs.getString(4))));
                }
            }
        }
    }

    private Optional<JsonNode> webhook(String kind, String subjectId) throws SQLException {
        Optional<DeliveryStatusQuery.Summary> summary = deliveries.forSubject(kind, subjectId);
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Json.read(deliveries.describe(summary.get().deliveryId().toString(), null), JsonNode.class));
    }

    private static Map<String, Object> event(String name, Instant at, Map<String, Object> about) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", name);
        event.put("at", at.toString());
        event.putAll(about);
        return event;
    }

    private static JsonNode json(String text) {
        return text == null ? null : Json.read(text, JsonNode.class);
    }

    private static String instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().toString();
    }
}
