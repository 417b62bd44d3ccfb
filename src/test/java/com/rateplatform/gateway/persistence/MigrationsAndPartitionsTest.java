package com.rateplatform.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.FreshSchema;

/** The migrations build the schema from nothing, and the item tables are partitioned by month. */
class MigrationsAndPartitionsTest {

    private static FreshSchema schema;

    @BeforeAll
    static void migrateAnEmptySchema() {
        schema = new FreshSchema();
    }

    @AfterAll
    static void drop() throws SQLException {
        schema.close();
    }

    @Test
    void migrationsCreateEveryTableFromAnEmptySchema() throws SQLException {
        assertThat(tables()).contains("validation_requests", "validation_responses", "raw_items", "raw_item_errors");
    }

    @Test
    void partitionsExistForThisMonthAndTheNext() throws SQLException {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);

        assertThat(tables()).contains(partition("raw_items", now), partition("raw_items", now.plusMonths(1)),
                partition("raw_item_errors", now), partition("raw_item_errors", now.plusMonths(1)));
    }

    @Test
    void aRowDatedNextMonthLandsInNextMonthsPartition() throws SQLException {
        YearMonth next = YearMonth.now(ZoneOffset.UTC).plusMonths(1);
        Timestamp midNextMonth = Timestamp.from(next.atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC));

        try (Connection c = schema.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO raw_items (request_id, item_id, source, action, status, payload, result, created_at)
                VALUES ('r-next', 'i-1', 'importer', 'import', 'done', '{}', '{}', ?) RETURNING tableoid::regclass::text""")) {
            insert.setTimestamp(1, midNextMonth);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(partition("raw_items", next));
            }
        }
    }

    @Test
    void partitionMaintenanceCreatesNothingWhenThePartitionsExist() throws SQLException {
        assertThat(new PartitionMaintenance(schema.dataSource(), 2).createAhead()).isZero();
    }

    @Test
    void partitionMaintenanceCreatesMonthsFurtherAheadWhenAskedTo() throws SQLException {
        YearMonth inTwoMonths = YearMonth.now(ZoneOffset.UTC).plusMonths(2);

        assertThat(new PartitionMaintenance(schema.dataSource(), 3).createAhead()).isEqualTo(2);
        assertThat(tables()).contains(partition("raw_items", inTwoMonths), partition("raw_item_errors", inTwoMonths));
    }

    @Test
    void uuidGenerateV7GivesVersion7Ids() throws SQLException {
        try (Connection c = schema.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT uuid_generate_v7()::text"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getString(1)).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    static String partition(String table, YearMonth month) {
        return "%s_%04d_%02d".formatted(table, month.getYear(), month.getMonthValue());
    }

    private static List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = schema.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ?")) {
            ps.setString(1, schema.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }
}
