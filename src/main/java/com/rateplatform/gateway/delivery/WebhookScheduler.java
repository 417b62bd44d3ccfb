package com.rateplatform.gateway.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.ResponseMessage;

/**
 * Puts a webhook delivery on the schedule when something completes: a request whose caller asked for one
 * ({@code callback_config.webhook_url}, else the caller's default URL), or a whole bulk import. One delivery per
 * completed request or batch, however often completion is recorded: a redelivered response schedules nothing new.
 */
public class WebhookScheduler {

    /** Exchange property set on responses of bulk-import chunks: their batch has a webhook, they have none of their own. */
    public static final String BATCH_MEMBER_PROPERTY = "rateBatchMember";

    private static final String FIND_REQUEST = """
            SELECT user_id, callback_config ->> 'webhook_url' FROM validation_requests WHERE request_id = ?
            """;

    private static final String INSERT_DELIVERY = """
            INSERT INTO webhook_deliveries (delivery_id, subject_kind, subject_id, user_id, url, payload)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (subject_kind, subject_id) DO NOTHING
            """;

    private final DataSource dataSource;
    private final Supplier<WebhookTargets> targets;
    private final Ids ids;

    public WebhookScheduler(DataSource dataSource, Supplier<WebhookTargets> targets, Ids ids) {
        this.dataSource = dataSource;
        this.targets = targets;
        this.ids = ids;
    }

    /** Recorder step: the response message goes to the request's webhook, if it has one (chunks of a batch do not). */
    public void requestCompleted(@Body ResponseMessage response, @ExchangeProperty(BATCH_MEMBER_PROPERTY) Boolean batchMember)
            throws SQLException {
        if (Boolean.TRUE.equals(batchMember)) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIND_REQUEST)) {
            ps.setString(1, response.requestId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    schedule("request", response.requestId(), rs.getString(1), rs.getString(2), Json.write(response));
                }
            }
        }
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
}
