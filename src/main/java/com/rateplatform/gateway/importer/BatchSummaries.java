package com.rateplatform.gateway.importer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary of a batch, as the status endpoint begins its answer and as the batch's webhook sends it: status,
 * counts, and where the item results are. Links are absolute when {@code PUBLIC_BASE_URL} is set.
 */
public class BatchSummaries {

    private final String publicBaseUrl;

    public BatchSummaries(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.replaceAll("/+$", "");
    }

    public Map<String, Object> summary(ImportBatches.Batch batch) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("batch_id", batch.batchId());
        // Still receiving reads as processing: the client has its 202 only once every chunk is sent.
        summary.put("status", batch.status().equals("receiving") ? "processing" : batch.status());
        summary.put("items", batch.itemsTotal());
        summary.put("done", batch.itemsDone());
        summary.put("error", batch.itemsError());
        summary.put("pending", batch.itemsPending());
        summary.put("rejected", batch.rejected());
        summary.put("chunks", batch.chunksTotal());
        summary.put("results", resultsLink(batch.batchId()));
        if (batch.intakeError() != null) {
            summary.put("intake_error", batch.intakeError());
        }
        summary.put("created_at", batch.createdAt().toString());
        summary.put("completed_at", batch.completedAt() == null ? null : batch.completedAt().toString());
        return summary;
    }

    public String resultsLink(String batchId) {
        return publicBaseUrl + "/api/importer/status/" + batchId + "/results";
    }
}
