package com.rateplatform.gateway.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.camel.Body;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.persistence.GroupCommit;

/**
 * Puts a webhook delivery on the schedule when something completes: a request whose caller asked for one
 * ({@code callback_config.webhook_url}, else the caller's default URL), or a whole bulk import. One delivery per
 * completed request or batch, however often completion is recorded: a redelivered response schedules nothing new.
 */
public class WebhookScheduler implements AutoCloseable {

    private static final String FIND_REQUESTS = """
            SELECT request_id, user_id, callback_config ->> 'webhook_url' FROM validation_requests WHERE request_id = ANY(?)
            """;

    private static final String INSERT_DELIVERY = """
            INSERT INTO webhook_deliveries (delivery_id, subject_kind, subject_id, user_id, url, payload)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (subject_kind, subject_id) DO NOTHING
            """;

    private static final String INSERT_DELIVERIES = """
            INSERT INTO webhook_deliveries (delivery_id, subject_kind, subject_id, user_id, url, payload)
            SELECT delivery_id, 'request', subject_id, user_id, url, payload
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) AS t(delivery_id, subject_id, user_id, url, payload)
            ON CONFLICT (subject_kind, subject_id) DO NOTHING
            """;

    private final DataSource dataSource;
    private final Supplier<WebhookTargets> targets;
    private final Ids ids;
    private final GroupCommit<ResponseMessage, Void> completions;

    /**
     * @param maxBatch most completed requests looked at in one transaction
     * @param linger   how long that transaction waits for more (they are not on a caller's path)
     */
    public WebhookScheduler(DataSource dataSource, Supplier<WebhookTargets> targets, Ids ids, int maxBatch, Duration linger,
                            Duration maxWait) {
        this.dataSource = dataSource;
        this.targets = targets;
        this.ids = ids;
        this.completions = new GroupCommit<>("webhook-schedule", dataSource, this::scheduleAll, maxBatch, linger, maxWait);
    }

    /**
     * Recorder step: the response message goes to the request's webhook, if it has one (chunks of a batch do not). The
     * requests completed at about the same time are looked up, and their deliveries scheduled, in one transaction.
     *
     * @param batchMember whether the response is a bulk-import chunk's ({@code BatchTracker.chunkCompleted}): its batch
     *                    has a webhook, it has none of its own
     */
    public CompletableFuture<Void> requestCompleted(@Body ResponseMessage response, Boolean batchMember) {
        if (Boolean.TRUE.equals(batchMember)) {
            return CompletableFuture.completedFuture(null);
        }
        return completions.submit(response);
    }

    private List<Void> scheduleAll(Connection c, List<ResponseMessage> responses) throws SQLException {
        Map<String, ResponseMessage> byRequest = new LinkedHashMap<>();
        responses.forEach(r -> byRequest.putIfAbsent(r.requestId(), r));
        List<Object> deliveryIds = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        List<String> users = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        Map<String, Optional<String>> defaultUrls = new HashMap<>();
        try (PreparedStatement find = c.prepareStatement(FIND_REQUESTS)) {
            find.setArray(1, c.createArrayOf("text", byRequest.keySet().toArray()));
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    String requestId = rs.getString(1);
                    String userId = rs.getString(2);
                    Optional<String> url = Optional.ofNullable(rs.getString(3)).filter(u -> !u.isBlank());
                    if (url.isEmpty()) {
                        url = defaultUrlOf(userId, defaultUrls);
                    }
                    if (url.isPresent()) {
                        deliveryIds.add(ids.next());
                        subjects.add(requestId);
                        users.add(userId);
                        urls.add(url.get());
                        payloads.add(Json.write(byRequest.get(requestId)));
                    }
                }
            }
        }
        if (!subjects.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement(INSERT_DELIVERIES)) {
                insert.setArray(1, c.createArrayOf("uuid", deliveryIds.toArray()));
                insert.setArray(2, c.createArrayOf("text", subjects.toArray()));
                insert.setArray(3, c.createArrayOf("text", users.toArray()));
                insert.setArray(4, c.createArrayOf("text", urls.toArray()));
                insert.setArray(5, c.createArrayOf("text", payloads.toArray()));
                insert.executeUpdate();
            }
        }
        return responses.stream().map(r -> (Void) null).toList();
    }

    /** The caller's default URL, asked once per caller and transaction. */
    private Optional<String> defaultUrlOf(String userId, Map<String, Optional<String>> known) throws SQLException {
        Optional<String> url = known.get(userId);
        if (url == null) {
            url = targets.get().defaultUrlFor(userId);
            known.put(userId, url);
        }
        return url;
    }

    /**
     * Schedules the delivery of {@code payload} about a completed subject, to {@code webhookUrl} or else the caller's
     * default URL; nothing when there is neither.
     *
     * @param kind request | batch
     * @return the delivery id when a delivery was scheduled now
     */
    public Optional<UUID> schedule(String kind, String subjectId, String userId, String webhookUrl, String payload)
            throws SQLException {
        Optional<String> url = webhookUrl != null && !webhookUrl.isBlank() ? Optional.of(webhookUrl)
                : targets.get().defaultUrlFor(userId);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        UUID deliveryId = ids.next();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_DELIVERY)) {
            ps.setObject(1, deliveryId);
            ps.setString(2, kind);
            ps.setString(3, subjectId);
            ps.setString(4, userId);
            ps.setString(5, url.get());
            ps.setString(6, payload);
            return ps.executeUpdate() == 1 ? Optional.of(deliveryId) : Optional.empty();
        }
    }

    @Override
    public void close() {
        completions.close();
    }
}
