package com.rateplatform.gateway.ops;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.postgresql.PGStatement;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.contract.QueryParameters;
import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.contract.TimeRange;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.PiiMasker;

/**
 * Answers {@code GET /api/monitoring/requests}: requests of every caller from {@code validation_requests}, newest
 * first, a page at a time (keyset on {@code (created_at, id)}, so a page costs the same however deep it is), filtered
 * by any of request id, caller ({@code user_id}), status, action, source and accepted time {@code [from, to)}.
 * Each filter has an index that leads with it and goes on with {@code (created_at, id)} (migration V30), so the
 * newest matching rows are read straight from it; docs/Ops-Console.md shows the plans at 10 million rows.
 */
public class RequestSearch {

    static final Set<String> STATUSES = Set.of("pending", "success", "partial", "error");
    private static final Set<String> SOURCES = Arrays.stream(Source.values()).map(Source::id).collect(Collectors.toSet());
    private static final Set<String> ACTIONS = Arrays.stream(Source.values()).flatMap(s -> s.actions().stream())
            .collect(Collectors.toSet());

    private static final String COLUMNS = """
            SELECT request_id, source, user_id, action, priority, status, error_code, item_count, created_at, updated_at, id
              FROM validation_requests
            """;

    private final DataSource dataSource;
    private final int defaultPageSize;
    private final int maxPageSize;

    public RequestSearch(DataSource dataSource, int defaultPageSize, int maxPageSize) {
        this.dataSource = dataSource;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    /** {@code {"requests": [...], "next_cursor": …|null}}; phone and account numbers masked unless monitoring:write. */
    public String search(@Header("request_id") String requestId, @Header("user_id") String userId,
                         @Header("status") String status, @Header("action") String action, @Header("source") String source,
                         @Header("from") String from, @Header("to") String to, @Header("cursor") String cursor,
                         @Header("limit") String limit,
                         @ExchangeProperty(ExchangeProperties.CALLER_SCOPES) Set<String> callerScopes) throws SQLException {
        int size = QueryParameters.limit(limit, defaultPageSize, maxPageSize);
        TimeRange range = TimeRange.of(from, to);
        Position after = Position.decode(QueryParameters.text(cursor));

        String wantedAction = oneOf("action", QueryParameters.text(action), ACTIONS);
        String wantedSource = oneOf("source", QueryParameters.text(source), SOURCES);
        if (wantedAction != null && wantedSource != null && !Source.of(wantedSource).actions().contains(wantedAction)) {
            // No request has both (the endpoint fixes the source, and each source has its own actions): answered
            // without reading the source index to its end.
            return page(List.of(), null);
        }

        // Fixed fragments chosen by which filters are present; every value is a bound parameter.
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE true");
        List<Object> args = new ArrayList<>();
        condition(sql, args, " AND request_id = ?", QueryParameters.text(requestId));
        condition(sql, args, " AND user_id = ?", QueryParameters.text(userId));
        condition(sql, args, " AND status = ?", oneOf("status", QueryParameters.text(status), STATUSES));
        condition(sql, args, " AND action = ?", wantedAction);
        condition(sql, args, " AND source = ?", wantedSource);
        condition(sql, args, " AND created_at >= ?", range.from() == null ? null : range.from().atOffset(ZoneOffset.UTC));
        condition(sql, args, " AND created_at < ?", range.to() == null ? null : range.to().atOffset(ZoneOffset.UTC));
        if (after != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            args.add(after.createdAt().atOffset(ZoneOffset.UTC));
            args.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(size + 1);

        List<Map<String, Object>> rows = new ArrayList<>();
        Position last = null;
        boolean more = false;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            // Planned with its values every time, never as a reused generic plan: which index is right depends on them
            // (a caller with half a million requests and a rare status: 3.4 s through a generic plan, 40 ms through a
            // plan for those values, at 10 million rows).
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rows.size() == size) {
                        more = true;
                        break;
                    }
                    rows.add(row(rs));
                    last = new Position(rs.getTimestamp(9).toInstant(), rs.getObject(11, UUID.class));
                }
            }
        }
        return PiiMasker.maskedFor(callerScopes, page(rows, more ? last.encode() : null));
    }

    private static String page(List<Map<String, Object>> rows, String nextCursor) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("requests", rows);
        reply.put("next_cursor", nextCursor);
        return Json.write(reply);
    }

    /** A request as listed: the first ten columns of {@link #COLUMNS}, in that order (the detail starts with them too). */
    static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("request_id", rs.getString(1));
        row.put("source", rs.getString(2));
        row.put("user_id", rs.getString(3));
        row.put("action", rs.getString(4));
        row.put("priority", rs.getString(5));
        row.put("status", rs.getString(6));
        row.put("error_code", rs.getString(7));
        row.put("item_count", rs.getInt(8));
        row.put("created_at", rs.getTimestamp(9).toInstant().toString());
        row.put("updated_at", rs.getTimestamp(10).toInstant().toString());
        return row;
    }

    private static void condition(StringBuilder sql, List<Object> args, String fragment, Object value) {
        if (value != null) {
            sql.append(fragment);
            args.add(value);
        }
    }

    private static String oneOf(String name, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.badRequest("INVALID_VALUE", name + " must be one of " + new TreeSet<>(allowed), name);
        }
        return value;
    }

    /** Where the next page starts: just older than this row. Opaque to clients (base64url of time and id). */
    record Position(Instant createdAt, UUID id) {

        static Position decode(String cursor) {
            if (cursor == null) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                if (parts.length == 2) {
                    return new Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // refused below
            }
            throw ApiException.badRequest("INVALID_VALUE", "cursor is not one this endpoint gave out", "cursor");
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }
    }
}
