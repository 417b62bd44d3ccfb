package com.rateplatform.gateway.importer;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.contract.QueryParameters;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.Json;

/**
 * Answers {@code GET /api/importer/status/{batchId}/results?cursor=&limit=}: the item results of a batch in input
 * order, a page at a time. A page ends early at a chunk not validated yet; its {@code next_cursor} then resumes there,
 * so polling with the same cursor picks results up as they come. {@code next_cursor} is null after the last result.
 */
public class BatchResults {

    /** Chunks read per query while a page fills. */
    private static final int CHUNKS_PER_READ = 4;

    private final ImportBatches batches;
    private final int defaultLimit;
    private final int maxLimit;

    public BatchResults(ImportBatches batches, int defaultLimit, int maxLimit) {
        this.batches = batches;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    public String page(@Header("batchId") String batchId, @Header("cursor") String cursor, @Header("limit") String limit,
                       @ExchangeProperty(ExchangeProperties.CALLER) String caller) throws SQLException {
        ImportBatches.Batch batch = batches.find(batchId).filter(b -> caller == null || b.userId().equals(caller))
                .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "no batch " + batchId, "batchId"));
        int wanted = QueryParameters.limit(limit, defaultLimit, maxLimit);
        Position at = Position.decode(cursor);
        List<ItemResult> results = new ArrayList<>(wanted);
        Position next = fill(batchId, at, wanted, results);
        if (next.chunk() > batch.chunksTotal() && !batch.status().equals("receiving")) {
            next = null;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("batch_id", batchId);
        reply.put("status", batch.status().equals("receiving") ? "processing" : batch.status());
        reply.put("results", results);
        reply.put("next_cursor", next == null ? null : next.encode());
        return Json.write(reply);
    }

    /** Adds results from {@code at} until {@code wanted} are taken or a chunk has none yet; returns where to go on. */
    private Position fill(String batchId, Position at, int wanted, List<ItemResult> into) throws SQLException {
        Position position = at;
        while (into.size() < wanted) {
            List<ImportBatches.ChunkResults> chunks = batches.results(batchId, position.chunk(), CHUNKS_PER_READ);
            if (chunks.isEmpty()) {
                return position;
            }
            for (ImportBatches.ChunkResults chunk : chunks) {
                if (chunk.results() == null) {
                    return new Position(chunk.number(), 0);
                }
                int from = chunk.number() == position.chunk() ? position.offset() : 0;
                int to = Math.min(chunk.results().size(), from + wanted - into.size());
                into.addAll(chunk.results().subList(Math.min(from, to), to));
                position = to < chunk.results().size() ? new Position(chunk.number(), to) : new Position(chunk.number() + 1, 0);
                if (into.size() == wanted) {
                    return position;
                }
            }
        }
        return position;
    }

    /** Where a page starts: a chunk (1-based) and a result within it; opaque to clients. */
    private record Position(int chunk, int offset) {

        static Position decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return new Position(1, 0);
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
                Position position = new Position(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                if (parts.length == 2 && position.chunk() >= 1 && position.offset() >= 0) {
                    return position;
                }
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                // refused below
            }
            throw ApiException.badRequest("INVALID_VALUE", "cursor is not one this endpoint gave out", "cursor");
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((chunk + ":" + offset).getBytes(StandardCharsets.UTF_8));
        }
    }
}
