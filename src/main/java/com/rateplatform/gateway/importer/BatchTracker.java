package com.rateplatform.gateway.importer;

import java.sql.SQLException;
import java.util.Optional;

import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.delivery.WebhookScheduler;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.ResponseMessage;

/**
 * Follows bulk imports to completion: adds each chunk's response to its batch's counts, completes the batch once it
 * is sealed and every chunk is in, and then schedules the batch's webhook (its summary). Safe to repeat: a
 * redelivered response counts nothing twice and schedules nothing twice.
 */
public class BatchTracker {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTracker.class);

    private final ImportBatches batches;
    private final BatchSummaries summaries;
    private final WebhookScheduler webhooks;

    public BatchTracker(ImportBatches batches, BatchSummaries summaries, WebhookScheduler webhooks) {
        this.batches = batches;
        this.summaries = summaries;
        this.webhooks = webhooks;
    }

    /**
     * Recorder step, after the response is stored: counts it when it is a chunk's.
     *
     * @return whether it is a chunk's (its batch, not the chunk, gets a webhook)
     */
    public boolean chunkCompleted(@Body ResponseMessage response) throws SQLException {
        Optional<String> batchId = batches.batchOf(response.requestId());
        if (batchId.isEmpty()) {
            return false;
        }
        batches.addChunkResult(response);
        finishIfComplete(batchId.get());
        return true;
    }

    /** Intake step, once reading ended: totals are final; a batch whose chunks are all in already completes here. */
    public void sealed(BulkUpload upload) throws SQLException {
        batches.seal(upload);
        upload.seal();
        finishIfComplete(upload.batchId());
    }

    private void finishIfComplete(String batchId) throws SQLException {
        if (batches.completeIfDone(batchId)) {
            LOG.info("Bulk import {} completed", batchId);
        }
        Optional<ImportBatches.Batch> batch = batches.find(batchId);
        if (batch.isPresent() && batch.get().completed()) {
            webhooks.schedule("batch", batchId, batch.get().userId(), batch.get().webhookUrl(),
                    Json.write(summaries.summary(batch.get())));
        }
    }
}
