package com.rateplatform.gateway.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import com.rateplatform.gateway.message.Json;

/**
 * Writes the audit log (table {@code audit_log}): who did what, when, to what. For token create/revoke and changes
 * of a token's default webhook URL (the {@code token} command), and dead-letter replay/delete.
 */
public class AuditLog {

    public static final String TOKEN_CREATE = "token.create";
    public static final String TOKEN_REVOKE = "token.revoke";
    public static final String TOKEN_WEBHOOK = "token.webhook";
    public static final String DLQ_REPLAY = "dlq.replay";
    public static final String DLQ_DELETE = "dlq.delete";

    private static final String INSERT = """
            INSERT INTO audit_log (actor, action, target, details) VALUES (?, ?, ?, ?::jsonb)
            """;

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records one action in a transaction of its own.
     *
     * @param actor   the caller id, or {@code cli:<user>} for the command line
     * @param action  one of the constants of this class
     * @param target  the id of what was acted on, or null
     * @param details anything worth keeping about it (never a secret, never personal data)
     */
    public void record(String actor, String action, String target, Map<String, ?> details) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            record(connection, actor, action, target, details);
        }
    }

    /** Records one action in the caller's transaction, so the entry exists exactly when the action does. */
    public void record(Connection connection, String actor, String action, String target, Map<String, ?> details)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, actor);
            insert.setString(2, action);
            insert.setString(3, target);
            insert.setString(4, Json.write(details));
            insert.executeUpdate();
        }
    }
}
