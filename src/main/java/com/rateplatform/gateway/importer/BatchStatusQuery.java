package com.rateplatform.gateway.importer;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.delivery.DeliveryStatusQuery;
import com.rateplatform.gateway.message.Json;

/**
 * Answers {@code GET /api/importer/status/{id}} for a batch id: the summary (status and counts of items done, in error
 * and pending), the lines refused at intake, every chunk's state, the link to the item results, and the batch's
 * webhook delivery once there is one. A batch of another caller is as unknown as a missing one.
 */
public class BatchStatusQuery {

    private final ImportBatches batches;
    private final BatchSummaries summaries;
    private final DeliveryStatusQuery deliveries;

    public BatchStatusQuery(ImportBatches batches, BatchSummaries summaries, DeliveryStatusQuery deliveries) {
        this.batches = batches;
        this.summaries = summaries;
        this.deliveries = deliveries;
    }

    /** True when the id names a batch of this caller (the status route then answers for the batch). */
    public boolean isBatch(@Header("requestId") String id, @ExchangeProperty(ExchangeProperties.CALLER) String caller)
            throws SQLException {
        return visible(id, caller).isPresent();
    }

    public String status(@Header("requestId") String id, @ExchangeProperty(ExchangeProperties.CALLER) String caller)
            throws SQLException {
        ImportBatches.Batch batch = visible(id, caller)
                .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "no batch " + id, "requestId"));
        Map<String, Object> reply = summaries.summary(batch);
        reply.put("chunks_done", batch.chunksDone());
        JsonNode rejectedLines = Json.read(batch.rejectedLines(), JsonNode.class);
        reply.put("rejected_lines", rejectedLines);
        List<Map<String, Object>> chunks = new ArrayList<>();
        for (ImportBatches.ChunkState chunk : batches.chunks(batch.batchId())) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("chunk", chunk.number());
            state.put("request_id", chunk.requestId());
            state.put("first_line", chunk.firstLine());
            state.put("last_line", chunk.lastLine());
            state.put("items", chunk.items());
            state.put("status", chunk.status());
            state.put("done", chunk.itemsDone());
            state.put("error", chunk.itemsError());
            chunks.add(state);
        }
        reply.put("chunk_states", chunks);
        deliveries.forSubject("batch", batch.batchId()).ifPresent(d -> reply.put("webhook",
                Map.of("delivery_id", d.deliveryId().toString(), "status", d.status(), "attempts", d.attempts())));
        return Json.write(reply);
    }

    private Optional<ImportBatches.Batch> visible(String id, String caller) throws SQLException {
        return batches.find(id).filter(b -> caller == null || b.userId().equals(caller));
    }
}
