package com.rateplatform.gateway.importer;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import com.rateplatform.gateway.api.IntakeListener;
import com.rateplatform.gateway.api.ItemShape;
import com.rateplatform.gateway.config.Settings;
import com.rateplatform.gateway.delivery.DeliveryStatusQuery;
import com.rateplatform.gateway.delivery.WebhookScheduler;
import com.rateplatform.gateway.message.Ids;

/**
 * Beans of bulk import ({@code rate.importer.*}), used by routes/gateway-importer-bulk.camel.yaml, the status route
 * and the response recorder. Runs after {@code GatewayConfiguration} and {@code DeliveryConfiguration}, whose beans it
 * uses.
 */
public class ImporterConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        DataSource dataSource = registry.lookupByNameAndType("dataSource", DataSource.class);
        WebhookScheduler webhooks = registry.lookupByNameAndType("webhookScheduler", WebhookScheduler.class);
        DeliveryStatusQuery deliveries = registry.lookupByNameAndType("deliveryStatusQuery", DeliveryStatusQuery.class);

        ImportBatches batches = new ImportBatches(dataSource);
        BatchSummaries summaries = new BatchSummaries(settings.text("rate.importer.public-base-url"));
        BatchTracker tracker = new BatchTracker(batches, summaries, webhooks);
        BulkUpload.Limits limits = new BulkUpload.Limits(settings.integer("rate.importer.chunk-size"),
                settings.integer("rate.importer.chunks-per-publish"), BadLinePolicy.of(settings.text("rate.importer.on-bad-line")),
                settings.integer("rate.importer.max-reported-lines"));
        if (limits.chunkSize() < 1 || limits.chunksPerGroup() < 1) {
            throw new IllegalStateException("IMPORT_CHUNK_SIZE and IMPORT_CHUNKS_PER_PUBLISH must be 1 or more");
        }

        registry.bind("importBatches", batches);
        registry.bind("batchTracker", tracker);
        BulkUpload.Chunking chunking = new BulkUpload.Chunking(new ItemShape(settings.integer("rate.intake.max-field-length")),
                limits, new Ids(), Clock.systemUTC(), settings.text("rate.stream.importer-responses"));
        registry.bind("bulkIntake", new BulkIntake(chunking, settings.number("rate.importer.max-body-bytes"),
                settings.integer("rate.importer.max-line-bytes"), Duration.ofMillis(settings.number("rate.importer.read-timeout-ms")),
                tracker, IntakeListener.of(registry)));
        registry.bind("batchStatusQuery", new BatchStatusQuery(batches, summaries, deliveries));
        registry.bind("batchResults", new BatchResults(batches, settings.integer("rate.importer.results-page-size"),
                settings.integer("rate.importer.results-max-page-size")));
    }
}
