package com.rateplatform.gateway.importer;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.api.IntakeListener;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.message.Json;

/**
 * The HTTP side of {@code POST /api/importer/bulk}: checks what can be checked before reading (Content-Type, declared
 * length, the webhook URL of the query), opens the body as a stream and gives the route a {@link BulkUpload} to
 * iterate; afterwards builds the 202 answer, and closes the upload whatever happened.
 */
public class BulkIntake {

    private static final Logger LOG = LoggerFactory.getLogger(BulkIntake.class);

    private final BulkUpload.Chunking chunking;
    private final long maxBodyBytes;
    private final int maxLineBytes;
    private final Duration readTimeout;
    private final BatchTracker tracker;
    private final IntakeListener listener;

    /** @param listener told of the chunks each 202 accepts (each chunk is one request on the stream) */
    public BulkIntake(BulkUpload.Chunking chunking, long maxBodyBytes, int maxLineBytes, Duration readTimeout,
                      BatchTracker tracker, IntakeListener listener) {
        this.listener = listener;
        this.chunking = chunking;
        this.maxBodyBytes = maxBodyBytes;
        this.maxLineBytes = maxLineBytes;
        this.readTimeout = readTimeout;
        this.tracker = tracker;
    }

    /**
     * @param request the paused Vert.x request, body unread (platform-http with {@code useBodyHandler=false})
     * @param caller  the authenticated caller, or null (anonymous)
     * @return the upload, which the route keeps (variable upload) until it hands it to {@link #close}
     */
    public BulkUpload open(HttpServerRequest request, @ExchangeProperty(ExchangeProperties.CALLER) String caller)
            throws IOException {
        RequestBodyStream body = new RequestBodyStream(request, maxBodyBytes, readTimeout);
        try {
            return openOn(request, caller, body);
        } catch (IOException | RuntimeException e) {
            body.close(); // refused unread: thrown away, not left in the connection
            throw e;
        }
    }

    private BulkUpload openOn(HttpServerRequest request, String caller, RequestBodyStream body) throws IOException {
        BulkFormat format = BulkFormat.of(request.getHeader("Content-Type"));
        String declared = request.getHeader("Content-Length");
        if (declared != null && parseLength(declared) > maxBodyBytes) {
            throw RequestBodyStream.tooLarge(maxBodyBytes);
        }
        String webhookUrl = BulkUpload.requireWebhookUrl(request.getParam("webhook_url"), "webhook_url");
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue();
        }
        ItemReader reader = format == BulkFormat.NDJSON ? new NdjsonItemReader(body, maxLineBytes)
                : new JsonItemReader(body, chunking.shape());
        return new BulkUpload(chunking.ids().next().toString(), caller == null ? "anonymous" : caller, webhookUrl, reader,
                chunking);
    }

    /** The 202 body: {@code {"batch_id", "chunks", "items", "status"}}, and the refused lines when there were some. */
    public String acceptedReply(BulkUpload upload) {
        listener.accepted(Source.IMPORTER.id(), Source.IMPORTER.defaultAction(), BulkUpload.CHUNK_PRIORITY, upload.chunksRecorded());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("batch_id", upload.batchId());
        reply.put("chunks", upload.chunksRecorded());
        reply.put("items", upload.itemsRecorded());
        reply.put("status", "processing");
        if (upload.rejected() > 0) {
            reply.put("rejected", upload.rejected());
            reply.put("rejected_lines", upload.rejectedLines());
        }
        return Json.write(reply);
    }

    /**
     * Ends the upload, read or not. When reading stopped early after chunks were recorded, the batch is sealed with
     * those chunks and the reason, so it still completes and reports what it holds.
     *
     * @param upload the upload {@link #open} returned; null when it refused the body (and threw it away)
     * @param cause  why reading stopped, when it failed; null otherwise
     */
    public void close(BulkUpload upload, Throwable cause) throws Exception {
        if (upload == null) {
            return;
        }
        upload.close();
        if (upload.hasRecordedChunks() && !upload.sealed()) {
            upload.stoppedBecause(cause == null ? "reading stopped early" : describe(cause));
            LOG.warn("Bulk import {} stopped after {} chunk(s): {}", upload.batchId(), upload.chunksRecorded(), upload.stopReason());
            tracker.sealed(upload);
        }
    }

    private long parseLength(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_VALUE", "Content-Length is not a number", null);
        }
    }

    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api.getMessage();
            }
        }
        return "intake failed: " + cause.getClass().getSimpleName();
    }
}
