package com.rateplatform.gateway.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery schedule in PostgreSQL, as the dispatcher works it: claim the deliveries that are due, then record how
 * each attempt went. Several gateways share the table: a claim takes rows no other transaction holds
 * ({@code FOR UPDATE SKIP LOCKED}) and moves their next attempt a lease ahead, so a gateway that dies mid-attempt
 * leaves the delivery to be claimed again once the lease has passed. Nothing of the schedule lives in memory.
 */
public class WebhookOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutbox.class);

    private static final String CLAIM_DUE = """
            UPDATE webhook_deliveries d
               SET attempts = d.attempts + 1, next_attempt_at = now() + ?::interval, updated_at = now()
              FROM (SELECT delivery_id FROM webhook_deliveries
                     WHERE status = 'pending' AND next_attempt_at <= now()
                     ORDER BY next_attempt_at
                     LIMIT ?
                     FOR UPDATE SKIP LOCKED) due
             WHERE d.delivery_id = due.delivery_id
            RETURNING d.delivery_id, d.subject_kind, d.subject_id, d.user_id, d.url, d.payload, d.attempts
            """;

    private static final String INSERT_ATTEMPT = """
            INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, duration_ms, status_code, error)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (delivery_id, attempt) DO NOTHING
            """;

    // Guarded by attempts: a gateway whose lease ran out while it waited on the receiver does not overwrite a newer attempt.
    private static final String UPDATE_DELIVERY = """
            UPDATE webhook_deliveries
               SET status = ?, next_attempt_at = now() + ?::interval, last_status_code = ?, last_error = ?,
                   delivered_at = CASE WHEN ? = 'delivered' THEN now() END, updated_at = now()
             WHERE delivery_id = ? AND attempts = ? AND status = 'pending'
            """;

    private final DataSource dataSource;
    private final Backoff backoff;
    private final int maxAttempts;
    private final int claimBatch;
    private final Duration lease;

    public WebhookOutbox(DataSource dataSource, Backoff backoff, int maxAttempts, int claimBatch, Duration lease) {
        this.dataSource = dataSource;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.claimBatch = claimBatch;
        this.lease = lease;
    }

    /** Due deliveries, oldest first, each counted as one more attempt. */
    public List<Delivery> claimDue() throws SQLException {
        List<Delivery> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM_DUE)) {
            ps.setString(1, interval(lease));
            ps.setInt(2, claimBatch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Delivery(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7)));
                }
            }
        }
        return claimed;
    }

    /**
     * Logs the attempt and moves the delivery on: delivered; pending again after the backoff; or dead once the last
     * attempt failed (or no attempt can ever succeed). A dead result goes on to the dead-letter stream.
     */
    public AttemptResult recordAttempt(AttemptResult result) throws SQLException {
        Delivery delivery = result.delivery();
        boolean dead = !result.delivered() && (result.permanent() || delivery.attempt() >= maxAttempts);
        String status = result.delivered() ? "delivered" : dead ? "dead" : "pending";
        Duration wait = status.equals("pending") ? backoff.after(delivery.attempt()) : Duration.ZERO;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement attempt = c.prepareStatement(INSERT_ATTEMPT);
                 PreparedStatement update = c.prepareStatement(UPDATE_DELIVERY)) {
                attempt.setObject(1, delivery.deliveryId());
                attempt.setInt(2, delivery.attempt());
                attempt.setTimestamp(3, Timestamp.from(result.attemptedAt()));
                attempt.setLong(4, result.durationMs());
                setStatusCode(attempt, 5, result.statusCode());
                attempt.setString(6, result.error());
                attempt.executeUpdate();
                update.setString(1, status);
                update.setString(2, interval(wait));
                setStatusCode(update, 3, result.statusCode());
                update.setString(4, result.error());
                update.setString(5, status);
                update.setObject(6, delivery.deliveryId());
                update.setInt(7, delivery.attempt());
                int updated = update.executeUpdate();
                c.commit();
                if (updated == 0) {
                    LOG.warn("Webhook delivery {} attempt {} finished after its lease; a later attempt owns it now",
                            delivery.deliveryId(), delivery.attempt());
                    return result;
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (dead) {
            LOG.warn("Webhook delivery {} to {} gave up after {} attempt(s): {}", delivery.deliveryId(), delivery.url(),
                    delivery.attempt(), result.error());
            return result.asDead();
        }
        if (!result.delivered()) {
            LOG.info("Webhook delivery {} attempt {} failed ({}); next in {} ms", delivery.deliveryId(), delivery.attempt(),
                    result.error(), wait.toMillis());
        }
        return result;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    private static void setStatusCode(PreparedStatement ps, int index, Integer statusCode) throws SQLException {
        if (statusCode == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, statusCode);
        }
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
