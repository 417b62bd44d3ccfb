package com.rateplatform.gateway.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;

/** Bulk-import batches and their chunks in PostgreSQL (tables import_batches, import_chunks). */
public class ImportBatches {

    /** A batch as recorded. {@code rejectedLines} is a JSON array. */
    public record Batch(String batchId, String userId, String status, String webhookUrl, int chunksTotal, int chunksDone,
                        long itemsTotal, long itemsDone, long itemsError, long rejected, String rejectedLines,
                        String intakeError, Instant createdAt, Instant completedAt) {

        public boolean completed() {
            return completedAt != null;
        }

        public long itemsPending() {
            return itemsTotal - itemsDone - itemsError;
        }
    }

    /** A chunk as recorded; {@code itemsDone} and {@code itemsError} are null until its response is in. */
    public record ChunkState(int number, String requestId, long firstLine, long lastLine, int items, String status,
                             Integer itemsDone, Integer itemsError) {
    }

    /** A chunk's item results, null while it has no response. */
    public record ChunkResults(int number, List<ItemResult> results) {
    }

    // The batch is created with its first chunks; its totals grow with every group, so its status adds up while receiving.
    private static final String ADD_TO_BATCH = """
            INSERT INTO import_batches (batch_id, user_id, chunk_size, webhook_url, chunks_total, items_total)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (batch_id) DO UPDATE
               SET chunks_total = import_batches.chunks_total + excluded.chunks_total,
                   items_total = import_batches.items_total + excluded.items_total, updated_at = now()
            """;

    private static final String INSERT_CHUNKS = """
            INSERT INTO import_chunks (request_id, batch_id, chunk_no, first_line, last_line, items)
            SELECT request_id, ?, chunk_no, first_line, last_line, items
              FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::int[])
                AS t(request_id, chunk_no, first_line, last_line, items)
            """;

    private static final String SEAL = """
            UPDATE import_batches
               SET status = 'processing', rejected = ?, rejected_lines = ?::jsonb,
                   webhook_url = coalesce(?, webhook_url), intake_error = ?, sealed_at = now(), updated_at = now()
             WHERE batch_id = ? AND status = 'receiving'
            """;

    private static final String BATCH_OF_CHUNK = "SELECT batch_id FROM import_chunks WHERE request_id = ?";

    // Counted once: a redelivered response finds the chunk completed and changes nothing.
    private static final String ADD_CHUNK_RESULT = """
            WITH chunk AS (
                UPDATE import_chunks SET status = ?, items_done = ?, items_error = items - ?, completed_at = now()
                 WHERE request_id = ? AND completed_at IS NULL
                RETURNING batch_id, items_done, items_error)
            UPDATE import_batches b
               SET chunks_done = b.chunks_done + 1, items_done = b.items_done + chunk.items_done,
                   items_error = b.items_error + chunk.items_error, updated_at = now()
              FROM chunk WHERE b.batch_id = chunk.batch_id
            """;

    // Whoever comes last of the sealing and the last chunk's response completes the batch; the status guard makes it once.
    private static final String COMPLETE_IF_DONE = """
            UPDATE import_batches
               SET status = CASE WHEN items_error = 0 AND rejected = 0 AND intake_error IS NULL THEN 'success'
                                 WHEN items_done = 0 THEN 'error'
                                 ELSE 'partial' END,
                   completed_at = now(), updated_at = now()
             WHERE batch_id = ? AND status = 'processing' AND chunks_done = chunks_total
            """;

    private static final String FIND = """
            SELECT batch_id, user_id, status, webhook_url, chunks_total, chunks_done, items_total, items_done, items_error,
                   rejected, rejected_lines::text, intake_error, created_at, completed_at
              FROM import_batches WHERE batch_id = ?
            """;

    private static final String CHUNKS = """
            SELECT chunk_no, request_id, first_line, last_line, items, status, items_done, items_error
              FROM import_chunks WHERE batch_id = ? ORDER BY chunk_no
            """;

    private static final String RESULTS = """
            SELECT c.chunk_no, s.result -> 'results'
              FROM import_chunks c LEFT JOIN validation_responses s ON s.request_id = c.request_id
             WHERE c.batch_id = ? AND c.chunk_no >= ?
             ORDER BY c.chunk_no
             LIMIT ?
            """;

    private final DataSource dataSource;

    public ImportBatches(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a group of chunks (already pending requests) as part of the upload's batch, creating the batch with its
     * first group and adding to its totals, in one transaction.
     *
     * @return the chunks' request messages, to publish
     */
    public List<RequestMessage> recordChunks(ChunkGroup group, BulkUpload upload) throws SQLException {
        List<Chunk> chunks = group.chunks();
        Object[] requestIds = new Object[chunks.size()];
        Object[] numbers = new Object[chunks.size()];
        Object[] firstLines = new Object[chunks.size()];
        Object[] lastLines = new Object[chunks.size()];
        Object[] items = new Object[chunks.size()];
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            requestIds[i] = chunk.request().requestId();
            numbers[i] = chunk.number();
            firstLines[i] = chunk.firstLine();
            lastLines[i] = chunk.lastLine();
            items[i] = chunk.request().itemCount();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(ADD_TO_BATCH)) {
                    ps.setString(1, upload.batchId());
                    ps.setString(2, upload.userId());
                    ps.setInt(3, upload.chunkSize());
                    ps.setString(4, upload.webhookUrl());
                    ps.setInt(5, chunks.size());
                    ps.setLong(6, group.itemCount());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(INSERT_CHUNKS)) {
                    ps.setString(1, upload.batchId());
                    ps.setArray(2, c.createArrayOf("text", requestIds));
                    ps.setArray(3, c.createArrayOf("int4", numbers));
                    ps.setArray(4, c.createArrayOf("int8", firstLines));
                    ps.setArray(5, c.createArrayOf("int8", lastLines));
                    ps.setArray(6, c.createArrayOf("int4", items));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        upload.recorded(group);
        return group.requests();
    }

    /** Every chunk is sent (or reading stopped): the batch's totals are final, and it waits for its chunks. */
    public void seal(BulkUpload upload) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SEAL)) {
            ps.setLong(1, upload.rejected());
            ps.setString(2, Json.write(upload.rejectedLines()));
            ps.setString(3, upload.webhookUrl());
            ps.setString(4, upload.stopReason());
            ps.setString(5, upload.batchId());
            ps.executeUpdate();
        }
    }

    /** The batch a request is a chunk of; empty for any other request. */
    public Optional<String> batchOf(String requestId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BATCH_OF_CHUNK)) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Adds a chunk's response to its batch's counts, once. */
    public void addChunkResult(ResponseMessage response) throws SQLException {
        int done = (int) response.results().stream().filter(r -> r.verdict() == ItemResult.Verdict.DONE).count();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ADD_CHUNK_RESULT)) {
            ps.setString(1, response.status());
            ps.setInt(2, done);
            ps.setInt(3, done);
            ps.setString(4, response.requestId());
            ps.executeUpdate();
        }
    }

    /** Completes the batch when it is sealed and every chunk is in; true when this call completed it. */
    public boolean completeIfDone(String batchId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COMPLETE_IF_DONE)) {
            ps.setString(1, batchId);
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<Batch> find(String batchId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Batch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11),
                        rs.getString(12), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14))));
            }
        }
    }

    public List<ChunkState> chunks(String batchId) throws SQLException {
        List<ChunkState> chunks = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CHUNKS)) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunks.add(new ChunkState(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5),
                            rs.getString(6), (Integer) rs.getObject(7), (Integer) rs.getObject(8)));
                }
            }
        }
        return chunks;
    }

    /** The item results of up to {@code maxChunks} chunks from chunk {@code fromChunk} on, in order. */
    public List<ChunkResults> results(String batchId, int fromChunk, int maxChunks) throws SQLException {
        List<ChunkResults> page = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RESULTS)) {
            ps.setString(1, batchId);
            ps.setInt(2, fromChunk);
            ps.setInt(3, maxChunks);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String results = rs.getString(2);
                    page.add(new ChunkResults(rs.getInt(1), results == null ? null
                            : List.of(Json.read(results, ItemResult[].class))));
                }
            }
        }
        return page;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
