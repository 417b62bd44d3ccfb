package com.rateplatform.gateway.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;

/** Requests and responses in PostgreSQL: the durable record behind the streams. */
public class RequestStore {

    private static final Logger LOG = LoggerFactory.getLogger(RequestStore.class);

    /** A request's state in the database: its status, and the response message (JSON) once there is one. */
    public record StoredStatus(String requestId, String source, String userId, String status, String errorCode,
                               String responseJson) {
    }

    // A request_id on record comes back only when it is to be published again (pending, never published) or when its
    // fingerprint differs from the new request's (a conflict, told apart by the fingerprint it returns).
    private static final String INSERT_PENDING = """
            INSERT INTO validation_requests
                (id, request_id, source, user_id, action, priority, data, callback_config, item_count, created_at, updated_at,
                 request_hash)
            SELECT id, request_id, source, user_id, action, priority, data::jsonb, callback::jsonb, item_count,
                   created_at::timestamptz, created_at::timestamptz, request_hash
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
                          ?::bytea[])
                AS t(id, request_id, source, user_id, action, priority, data, callback, item_count, created_at, request_hash)
            ON CONFLICT (request_id) DO UPDATE SET updated_at = validation_requests.updated_at
             WHERE (validation_requests.status = 'pending' AND validation_requests.stream_entry_ms IS NULL)
                OR validation_requests.request_hash <> EXCLUDED.request_hash
            RETURNING request_id, request_hash
            """;

    private static final String FIND_STATUS = """
            SELECT r.request_id, r.source, r.user_id, r.status, r.error_code, s.result::text
              FROM validation_requests r
              LEFT JOIN validation_responses s ON s.request_id = r.request_id
             WHERE r.request_id = ?
            """;

    private static final String INSERT_RESPONSE = """
            INSERT INTO validation_responses (id, request_id, status, result, processing_time_ms)
            VALUES (?::uuid, ?, ?, ?::jsonb, ?)
            ON CONFLICT (request_id) DO NOTHING
            """;

    private static final String INSERT_RESPONSES = """
            INSERT INTO validation_responses (id, request_id, status, result, processing_time_ms)
            SELECT id, request_id, status, result::jsonb, processing_time_ms
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                AS t(id, request_id, status, result, processing_time_ms)
            ON CONFLICT (request_id) DO NOTHING
            RETURNING request_id
            """;

    private static final String COMPLETE_REQUESTS = """
            UPDATE validation_requests r SET status = v.status, error_code = NULL, updated_at = now()
              FROM unnest(?::text[], ?::text[]) AS v(request_id, status)
             WHERE r.request_id = v.request_id AND r.status <> v.status
            RETURNING r.request_id, r.source, r.created_at
            """;

    private static final String COMPLETE_REQUEST = """
            UPDATE validation_requests SET status = ?, error_code = NULL, updated_at = now() WHERE request_id = ? AND status <> ?
            RETURNING source, created_at
            """;

    private static final String RECORD_ENTRY_IDS = """
            UPDATE validation_requests r SET stream_entry_ms = v.ms, stream_entry_seq = v.seq
              FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS v(request_id, ms, seq)
             WHERE r.request_id = v.request_id
            """;

    private static final String MARK_DEAD_LETTERED = """
            UPDATE validation_requests SET status = 'error', error_code = ?, updated_at = now()
             WHERE request_id = ? AND status = 'pending'
            """;

    private static final String MARK_REPLAYED = """
            UPDATE validation_requests SET status = 'pending', error_code = NULL, updated_at = now()
             WHERE request_id = ? AND status = 'error' AND error_code IS NOT NULL
            """;

    /** Told of each response recorded for the first time, after its transaction committed. */
    @FunctionalInterface
    public interface ResponseListener {

        ResponseListener NONE = (source, acceptedAt, response) -> {
        };

        /**
         * @param source     the request's source (extension, importer)
         * @param acceptedAt when the gateway accepted the request
         */
        void recorded(String source, Instant acceptedAt, ResponseMessage response);
    }

    private final DataSource dataSource;
    private final Ids ids;
    private final ResponseListener listener;

    public RequestStore(DataSource dataSource, Ids ids) {
        this(dataSource, ids, ResponseListener.NONE);
    }

    public RequestStore(DataSource dataSource, Ids ids, ResponseListener listener) {
        this.dataSource = dataSource;
        this.ids = ids;
        this.listener = listener;
    }

    /**
     * Makes requests durable with status {@code pending}, in one statement. A request id already on record is left
     * as it is (a client repeating a request, or a redelivery); if it was recorded for a different request (see
     * {@link RequestFingerprint}), nothing of the call is stored: several requests are stored in one transaction, all
     * or none.
     *
     * @return the requests to publish: the new ones, and repeats of requests never published (pending without an
     *         entry id: the first attempt failed at XADD and was answered 503, so the client tries again)
     * @throws RequestIdConflictException when a request id is on record for a different request
     */
    public List<RequestMessage> recordPending(List<RequestMessage> requests) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // One request needs no transaction: when it conflicts, nothing was inserted.
            boolean allOrNone = requests.size() > 1;
            c.setAutoCommit(!allOrNone);
            Set<String> inserted;
            try {
                inserted = insertPending(c, requests);
                if (allOrNone) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (allOrNone) {
                    c.rollback();
                }
                throw e;
            }
            return requests.stream().filter(r -> inserted.contains(r.requestId())).toList();
        }
    }

    /**
     * {@link #recordPending} on a connection the caller holds (and commits, or rolls back when this throws): one
     * statement for all of {@code requests}, whose request ids must differ.
     *
     * @return the request ids to publish
     * @throws RequestIdConflictException when a request id is on record for a different request (the caller must not
     *                                    commit)
     */
    Set<String> insertPending(Connection c, List<RequestMessage> requests) throws SQLException {
        int n = requests.size();
        Object[] idCol = new Object[n];
        String[] requestIds = new String[n];
        String[] sources = new String[n];
        String[] users = new String[n];
        String[] actions = new String[n];
        String[] priorities = new String[n];
        String[] data = new String[n];
        String[] callbacks = new String[n];
        Integer[] itemCounts = new Integer[n];
        String[] createdAt = new String[n];
        byte[][] fingerprints = new byte[n][];
        Map<String, byte[]> fingerprintOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RequestMessage r = requests.get(i);
            idCol[i] = ids.next();
            requestIds[i] = r.requestId();
            sources[i] = r.source();
            users[i] = r.userId();
            actions[i] = r.action();
            priorities[i] = r.priority();
            data[i] = Json.canonical(r.data());
            callbacks[i] = r.callbackConfig() == null ? null : Json.write(r.callbackConfig());
            itemCounts[i] = r.itemCount();
            createdAt[i] = r.timestamp();
            fingerprints[i] = RequestFingerprint.of(r, data[i]);
            fingerprintOf.put(r.requestId(), fingerprints[i]);
        }
        Set<String> inserted = new HashSet<>();
        List<String> conflicts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_PENDING)) {
            List<Array> arrays = new ArrayList<>();
            arrays.add(c.createArrayOf("uuid", idCol));
            arrays.add(c.createArrayOf("text", requestIds));
            arrays.add(c.createArrayOf("text", sources));
            arrays.add(c.createArrayOf("text", users));
            arrays.add(c.createArrayOf("text", actions));
            arrays.add(c.createArrayOf("text", priorities));
            arrays.add(c.createArrayOf("text", data));
            arrays.add(c.createArrayOf("text", callbacks));
            arrays.add(c.createArrayOf("int4", itemCounts));
            arrays.add(c.createArrayOf("text", createdAt));
            arrays.add(c.createArrayOf("bytea", fingerprints));
            for (int i = 0; i < arrays.size(); i++) {
                ps.setArray(i + 1, arrays.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String requestId = rs.getString(1);
                    byte[] recorded = rs.getBytes(2);
                    if (recorded == null || Arrays.equals(recorded, fingerprintOf.get(requestId))) {
                        inserted.add(requestId);
                    } else {
                        conflicts.add(requestId);
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new RequestIdConflictException(requests.stream().map(RequestMessage::requestId).filter(conflicts::contains).toList());
        }
        return inserted;
    }

    /**
     * Notes where each published request sits in the stream, so the reconciler can tell a request whose entry is
     * gone from one still queued.
     *
     * @param entryIds the ids XADD gave, in the order of {@code published}
     */
    public void recordEntryIds(List<RequestMessage> published, List<String> entryIds) throws SQLException {
        recordEntryIdsOf(published.stream().map(RequestMessage::requestId).toList(), entryIds);
    }

    /** {@link #recordEntryIds} by request id. */
    public void recordEntryIdsOf(List<String> published, List<String> entryIds) throws SQLException {
        if (published.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            updateEntryIds(c, published, entryIds);
        }
    }

    /** {@link #recordEntryIdsOf} on a connection the caller holds (and commits). */
    void updateEntryIds(Connection c, List<String> published, List<String> entryIds) throws SQLException {
        Object[] requestIds = new Object[published.size()];
        Object[] ms = new Object[published.size()];
        Object[] seq = new Object[published.size()];
        for (int i = 0; i < published.size(); i++) {
            String id = entryIds.get(i);
            int dash = id.indexOf('-');
            requestIds[i] = published.get(i);
            ms[i] = Long.parseLong(id.substring(0, dash));
            seq[i] = Long.parseLong(id.substring(dash + 1));
        }
        try (PreparedStatement ps = c.prepareStatement(RECORD_ENTRY_IDS)) {
            ps.setArray(1, c.createArrayOf("text", requestIds));
            ps.setArray(2, c.createArrayOf("int8", ms));
            ps.setArray(3, c.createArrayOf("int8", seq));
            ps.executeUpdate();
        }
    }

    public Optional<StoredStatus> find(String requestId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIND_STATUS)) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
        }
    }

    /**
     * Records a response and completes its request, in one transaction. A second response for the same request (a
     * redelivered entry) changes nothing: the first answer stands.
     */
    public void recordResponse(ResponseMessage response) throws SQLException {
        String source = null;
        Instant acceptedAt = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT_RESPONSE);
                 PreparedStatement complete = c.prepareStatement(COMPLETE_REQUEST)) {
                insert.setString(1, ids.next().toString());
                insert.setString(2, response.requestId());
                insert.setString(3, response.status());
                insert.setString(4, Json.write(response));
                insert.setLong(5, response.processingTimeMs());
                if (insert.executeUpdate() == 1) {
                    complete.setString(1, response.status());
                    complete.setString(2, response.requestId());
                    complete.setString(3, response.status());
                    try (ResultSet completed = complete.executeQuery()) {
                        if (completed.next()) {
                            source = completed.getString(1);
                            acceptedAt = completed.getTimestamp(2).toInstant();
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (source != null) {
            completed(new Completion(source, acceptedAt), response);
        }
    }

    /** A request completed by a response recorded now: what the {@link ResponseListener} is told once committed. */
    record Completion(String source, Instant acceptedAt) {
    }

    /**
     * {@link #recordResponse} for many responses, in one statement per table, on a connection the caller holds (and
     * commits). A response of a request already answered (a redelivery), or repeated in {@code responses}, changes
     * nothing: the first answer stands.
     *
     * @return the requests this completed, by request id (tell {@link #completed} once the transaction committed)
     */
    Map<String, Completion> recordResponses(Connection c, List<ResponseMessage> responses) throws SQLException {
        int n = responses.size();
        Object[] idCol = new Object[n];
        String[] requestIds = new String[n];
        String[] statuses = new String[n];
        String[] results = new String[n];
        Long[] times = new Long[n];
        Map<String, String> statusOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ResponseMessage r = responses.get(i);
            idCol[i] = ids.next();
            requestIds[i] = r.requestId();
            statuses[i] = r.status();
            results[i] = Json.write(r);
            times[i] = r.processingTimeMs();
            statusOf.putIfAbsent(r.requestId(), r.status());
        }
        List<String> recorded = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT_RESPONSES)) {
            insert.setArray(1, c.createArrayOf("uuid", idCol));
            insert.setArray(2, c.createArrayOf("text", requestIds));
            insert.setArray(3, c.createArrayOf("text", statuses));
            insert.setArray(4, c.createArrayOf("text", results));
            insert.setArray(5, c.createArrayOf("int8", times));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    recorded.add(rs.getString(1));
                }
            }
        }
        Map<String, Completion> completed = new HashMap<>();
        if (recorded.isEmpty()) {
            return completed;
        }
        try (PreparedStatement complete = c.prepareStatement(COMPLETE_REQUESTS)) {
            complete.setArray(1, c.createArrayOf("text", recorded.toArray()));
            complete.setArray(2, c.createArrayOf("text", recorded.stream().map(statusOf::get).toArray()));
            try (ResultSet rs = complete.executeQuery()) {
                while (rs.next()) {
                    completed.put(rs.getString(1), new Completion(rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return completed;
    }

    /** Tells the listener of a response that completed its request, once that is committed; never fails the caller. */
    void completed(Completion completion, ResponseMessage response) {
        try {
            listener.recorded(completion.source(), completion.acceptedAt(), response);
        } catch (RuntimeException e) {
            // The response is recorded: a listener's failure (metrics) must not make it look failed and redelivered.
            LOG.warn("Listener of recorded responses failed on {}: {}", response.requestId(), e.toString());
        }
    }

    /** A request whose entry went to the dead-letter stream ends with status error and the reason; no-op for null. */
    public void markDeadLettered(String requestId, String errorCode) throws SQLException {
        if (requestId == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MARK_DEAD_LETTERED)) {
            ps.setString(1, errorCode);
            ps.setString(2, requestId);
            ps.executeUpdate();
        }
    }

    /** A dead-lettered request that ops replay is pending again until its response is recorded; no-op for null. */
    public void markReplayed(String requestId) throws SQLException {
        if (requestId == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MARK_REPLAYED)) {
            ps.setString(1, requestId);
            ps.executeUpdate();
        }
    }
}
