package com.rateplatform.gateway.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import com.rateplatform.gateway.persistence.Database;

/** Up when PostgreSQL hands out a valid connection within a couple of seconds. */
public class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        super("rate", "postgresql");
        this.dataSource = dataSource;
    }

    /** Readiness only: liveness does no I/O, and a restart does not bring a server back. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.message("PostgreSQL connection is not valid").down();
            }
        } catch (SQLException e) {
            builder.message("PostgreSQL does not answer: " + Database.reason(e)).down();
        }
    }
}
