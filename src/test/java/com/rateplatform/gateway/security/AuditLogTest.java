package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.persistence.Database;
import com.rateplatform.gateway.support.TestServers;

/** The audit log keeps who did what when, and cannot be rewritten afterwards. */
class AuditLogTest {

    private static HikariDataSource dataSource;
    private static AuditLog auditLog;

    @BeforeAll
    static void migrate() {
        TestServers servers = TestServers.get();
        dataSource = Database.pool(servers.dbUrl(), servers.dbUser(), servers.dbPassword(), servers.schema(), 2, 5_000);
        Database.migrate(dataSource, servers.schema());
        auditLog = new AuditLog(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void recordKeepsActorActionTargetDetailsAndTime() throws Exception {
        auditLog.record("ops-alice", AuditLog.DLQ_REPLAY, "1732252800000-0", Map.of("origin_stream", "validation_requests"));

        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(
                "SELECT actor, action, details->>'origin_stream', occurred_at IS NOT NULL FROM audit_log WHERE target = ?")) {
            query.setString(1, "1732252800000-0");
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ops-alice");
                assertThat(rs.getString(2)).isEqualTo("dlq.replay");
                assertThat(rs.getString(3)).isEqualTo("validation_requests");
                assertThat(rs.getBoolean(4)).isTrue();
            }
        }
    }

    @Test
    void entriesCannotBeChangedOrDeleted() throws Exception {
        auditLog.record("ops-bob", AuditLog.DLQ_DELETE, "1732252800001-0", Map.of());

        try (Connection c = dataSource.getConnection()) {
            assertThatThrownBy(() -> c.createStatement().executeUpdate("UPDATE audit_log SET actor = 'someone-else'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> c.createStatement().executeUpdate("DELETE FROM audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }
}
