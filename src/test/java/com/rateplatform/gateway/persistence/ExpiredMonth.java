package com.rateplatform.gateway.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;

import com.rateplatform.gateway.support.FreshSchema;

/**
 * A fresh schema whose raw_items has a month 14 months back (past a 12-month retention) with three rows, old-0 to
 * old-2, one of them with a backslash in its payload (the CSV-form COPY must keep it). Dropped on close.
 */
final class ExpiredMonth implements AutoCloseable {

    static final int ROWS = 3;

    private final FreshSchema schema = new FreshSchema();
    private final YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(14);

    ExpiredMonth() throws SQLException {
        try (Connection c = schema.dataSource().getConnection()) {
            try (PreparedStatement create = c.prepareStatement("SELECT create_monthly_partitions('raw_items', ?, 1)")) {
                create.setTimestamp(1, Timestamp.from(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
                create.executeQuery().close();
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO raw_items (request_id, item_id, source, action, status, payload, normalized_phone, result, created_at)
                    VALUES (?, 'item_001', 'importer', 'import', 'done', '{"phone": "0912\\\\345"}', '+84912345678', '{}', ?)""")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setString(1, "old-" + i);
                    insert.setTimestamp(2, Timestamp.from(month.atDay(10 + i).atStartOfDay().toInstant(ZoneOffset.UTC)));
                    insert.executeUpdate();
                }
            }
        }
    }

    FreshSchema schema() {
        return schema;
    }

    YearMonth month() {
        return month;
    }

    /** The raw_items partition of the expired month. */
    String partition() {
        return MigrationsAndPartitionsTest.partition("raw_items", month);
    }

    boolean partitionExists() throws SQLException {
        try (Connection c = schema.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, partition());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        schema.close();
    }
}
