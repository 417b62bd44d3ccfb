package com.rateplatform.gateway.security;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

/** API tokens in PostgreSQL (table {@code api_tokens}); creating and revoking one is written to the audit log. */
public class ApiTokenStore {

    /** Whether a token can be used. */
    public enum Status {
        ACTIVE, EXPIRED, REVOKED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A token as stored: everything but the token itself. */
    public record StoredToken(UUID id, String name, List<String> scopes, String hint, Instant createdAt, String createdBy,
                              Instant expiresAt, Instant revokedAt) {

        public Status status(Instant now) {
            if (revokedAt != null) {
                return Status.REVOKED;
            }
            return expiresAt != null && !now.isBefore(expiresAt) ? Status.EXPIRED : Status.ACTIVE;
        }
    }

    /** A token just created: the only moment its value is known. */
    public record IssuedToken(StoredToken stored, String token) {
    }

    private static final String COLUMNS = "id, name, scopes, token_hint, created_at, created_by, expires_at, revoked_at";
    private static final String INSERT = "INSERT INTO api_tokens (name, token_hash, token_hint, scopes, created_by, expires_at)"
                                         + " VALUES (?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS;
    private static final String FIND_BY_HASH = "SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, id";
    private static final String REVOKE = "UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL"
                                         + " RETURNING name";
    private static final String ANY_USABLE = "SELECT EXISTS (SELECT 1 FROM api_tokens"
                                             + " WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()))";

    private final DataSource dataSource;
    private final AuditLog auditLog;

    public ApiTokenStore(DataSource dataSource, AuditLog auditLog) {
        this.dataSource = dataSource;
        this.auditLog = auditLog;
    }

    /**
     * Creates a token and records who did so, in one transaction.
     *
     * @param expiresAt null for a token that does not expire
     * @param actor     who asks, for the audit log
     */
    public IssuedToken create(String name, List<String> scopes, Instant expiresAt, String actor) throws SQLException {
        String token = ApiTokens.generate();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setString(1, name);
                insert.setString(2, ApiTokens.hash(token));
                insert.setString(3, ApiTokens.hint(token));
                insert.setArray(4, c.createArrayOf("text", scopes.toArray()));
                insert.setString(5, actor);
                insert.setTimestamp(6, expiresAt == null ? null : Timestamp.from(expiresAt));
                StoredToken stored;
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    stored = read(rs);
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("name", name);
                details.put("scopes", scopes);
                details.put("expires_at", expiresAt == null ? null : expiresAt.toString());
                auditLog.record(c, actor, AuditLog.TOKEN_CREATE, stored.id().toString(), details);
                c.commit();
                return new IssuedToken(stored, token);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The token whose SHA-256 this is, revoked and expired ones included (the caller decides what they mean). */
    public Optional<StoredToken> findByHash(String tokenHash) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement find = c.prepareStatement(FIND_BY_HASH)) {
            find.setString(1, tokenHash);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<StoredToken> list() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement list = c.prepareStatement(LIST);
             ResultSet rs = list.executeQuery()) {
            List<StoredToken> tokens = new ArrayList<>();
            while (rs.next()) {
                tokens.add(read(rs));
            }
            return tokens;
        }
    }

    /**
     * Revokes a token and records who did so, in one transaction.
     *
     * @return false when there is no such token or it was revoked already (nothing is recorded then)
     */
    public boolean revoke(UUID id, String actor) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement revoke = c.prepareStatement(REVOKE)) {
                revoke.setObject(1, id);
                try (ResultSet rs = revoke.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return false;
                    }
                    auditLog.record(c, actor, AuditLog.TOKEN_REVOKE, id.toString(), Map.of("name", rs.getString(1)));
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Whether any token is neither revoked nor expired. */
    public boolean anyUsable() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement any = c.prepareStatement(ANY_USABLE);
             ResultSet rs = any.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static StoredToken read(ResultSet rs) throws SQLException {
        Array scopes = rs.getArray(3);
        return new StoredToken(rs.getObject(1, UUID.class), rs.getString(2), Arrays.asList((String[]) scopes.getArray()),
                rs.getString(4), instant(rs.getTimestamp(5)), rs.getString(6), instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
