package com.rateplatform.gateway.security;

import java.net.URI;
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
import java.util.function.Function;

import javax.sql.DataSource;

/**
 * API tokens in PostgreSQL (table {@code api_tokens}); creating, revoking and changing one's default webhook URL is
 * written to the audit log.
 */
public class ApiTokenStore {

    /** Whether a token can be used. */
    public enum Status {
        ACTIVE, EXPIRED, REVOKED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A token as stored: everything but the token itself. {@code webhookUrl} is null when it has no default. */
    public record StoredToken(UUID id, String name, List<String> scopes, String hint, Instant createdAt, String createdBy,
                              Instant expiresAt, Instant revokedAt, String webhookUrl) {

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

    private static final String COLUMNS = "id, name, scopes, token_hint, created_at, created_by, expires_at, revoked_at, webhook_url";
    private static final String INSERT = "INSERT INTO api_tokens (name, token_hash, token_hint, scopes, created_by, expires_at,"
                                         + " webhook_url) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS;
    private static final String FIND_BY_HASH = "SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, id";
    private static final String REVOKE = "UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL"
                                         + " RETURNING name";
    private static final String SET_WEBHOOK_URL = "UPDATE api_tokens SET webhook_url = ? WHERE id = ? AND revoked_at IS NULL"
                                                  + " RETURNING name";
    private static final String USABLE = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())";
    // Several tokens may share a name (a rotation): the newest usable one that has a URL gives it.
    private static final String DEFAULT_WEBHOOK_URL = "SELECT webhook_url FROM api_tokens WHERE name = ? AND webhook_url IS NOT NULL"
                                                      + " AND " + USABLE + " ORDER BY created_at DESC, id DESC LIMIT 1";
    private static final String REVOKED_SINCE = "SELECT token_hash FROM api_tokens WHERE revoked_at >= ?";
    private static final String ANY_USABLE = "SELECT EXISTS (SELECT 1 FROM api_tokens WHERE " + USABLE + ")";

    private final DataSource dataSource;
    private final AuditLog auditLog;

    public ApiTokenStore(DataSource dataSource, AuditLog auditLog) {
        this.dataSource = dataSource;
        this.auditLog = auditLog;
    }

    /** Creates a token without a default webhook URL; see {@link #create(String, List, Instant, String, String)}. */
    public IssuedToken create(String name, List<String> scopes, Instant expiresAt, String actor) throws SQLException {
        return create(name, scopes, expiresAt, null, actor);
    }

    /**
     * Creates a token and records who did so, in one transaction.
     *
     * @param expiresAt  null for a token that does not expire
     * @param webhookUrl the caller's default webhook URL, already checked against the webhook URL policy; null for none
     * @param actor      who asks, for the audit log
     */
    public IssuedToken create(String name, List<String> scopes, Instant expiresAt, String webhookUrl, String actor)
            throws SQLException {
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
                insert.setString(7, webhookUrl);
                StoredToken stored;
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    stored = read(rs);
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("name", name);
                details.put("scopes", scopes);
                details.put("expires_at", expiresAt == null ? null : expiresAt.toString());
                details.put("webhook_host", hostOf(webhookUrl));
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

    /** Hashes ({@link ApiTokens#hash}) of the tokens revoked at or after {@code since}. */
    public List<String> revokedSince(Instant since) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement find = c.prepareStatement(REVOKED_SINCE)) {
            find.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = find.executeQuery()) {
                List<String> hashes = new ArrayList<>();
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
                return hashes;
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
        return updateOne(id, REVOKE, update -> update.setObject(1, id), AuditLog.TOKEN_REVOKE, name -> Map.of("name", name), actor);
    }

    /**
     * Sets or clears a token's default webhook URL and records who did so, in one transaction. The audit log keeps the
     * URL's host only: a path or query may carry the receiver's own secret.
     *
     * @param webhookUrl already checked against the webhook URL policy; null clears it
     * @return false when there is no such token or it is revoked (nothing is changed or recorded then)
     */
    public boolean setWebhookUrl(UUID id, String webhookUrl, String actor) throws SQLException {
        return updateOne(id, SET_WEBHOOK_URL, update -> {
            update.setString(1, webhookUrl);
            update.setObject(2, id);
        }, AuditLog.TOKEN_WEBHOOK, name -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", name);
            details.put("webhook_host", hostOf(webhookUrl));
            return details;
        }, actor);
    }

    /**
     * The default webhook URL of the tokens named {@code name}: that of the newest one that is neither revoked nor
     * expired and has a URL. Read from the database on every call, so a change applies to the next look-up.
     */
    public Optional<String> defaultWebhookUrl(String name) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement find = c.prepareStatement(DEFAULT_WEBHOOK_URL)) {
            find.setString(1, name);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
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

    /** The parameters of a statement. */
    @FunctionalInterface
    private interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code update} (an UPDATE of one token, RETURNING its name) and records {@code action} with the details made
     * from that name, in one transaction.
     *
     * @return false when no token was updated (nothing is recorded then)
     */
    private boolean updateOne(UUID id, String update, Parameters parameters, String action,
                              Function<String, Map<String, ?>> details, String actor) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement statement = c.prepareStatement(update)) {
                parameters.bind(statement);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return false;
                    }
                    auditLog.record(c, actor, action, id.toString(), details.apply(rs.getString(1)));
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static StoredToken read(ResultSet rs) throws SQLException {
        Array scopes = rs.getArray(3);
        return new StoredToken(rs.getObject(1, UUID.class), rs.getString(2), Arrays.asList((String[]) scopes.getArray()),
                rs.getString(4), instant(rs.getTimestamp(5)), rs.getString(6), instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)), rs.getString(9));
    }

    private static String hostOf(String url) {
        return url == null ? null : URI.create(url).getHost();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
