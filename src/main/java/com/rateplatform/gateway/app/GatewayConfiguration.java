package com.rateplatform.gateway.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.api.IdempotencyKeys;
import com.rateplatform.gateway.api.OpenApiDescription;
import com.rateplatform.gateway.api.IntakeListener;
import com.rateplatform.gateway.api.RequestIntake;
import com.rateplatform.gateway.api.StatusQuery;
import com.rateplatform.gateway.archive.ArchiveCopy;
import com.rateplatform.gateway.archive.S3ArchiveCopy;
import com.rateplatform.gateway.config.Settings;
import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.crypto.PayloadCipher;
import com.rateplatform.gateway.crypto.StreamKeys;
import com.rateplatform.gateway.deadletter.DeadLetters;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.message.PriorityLanes;
import com.rateplatform.gateway.message.RequestFields;
import com.rateplatform.gateway.ops.DatabaseHealthCheck;
import com.rateplatform.gateway.ops.DiskSpaceHealthCheck;
import com.rateplatform.gateway.ops.Draining;
import com.rateplatform.gateway.ops.MetricsScrape;
import com.rateplatform.gateway.ops.DrainingConnections;
import com.rateplatform.gateway.ops.HealthEndpoint;
import com.rateplatform.gateway.ops.HealthSnapshot;
import com.rateplatform.gateway.ops.RedisHealthCheck;
import com.rateplatform.gateway.ops.StreamConsumersHealthCheck;
import com.rateplatform.gateway.persistence.Database;
import com.rateplatform.gateway.persistence.ItemStore;
import com.rateplatform.gateway.persistence.PartitionMaintenance;
import com.rateplatform.gateway.persistence.PendingRequests;
import com.rateplatform.gateway.persistence.RecordedResponses;
import com.rateplatform.gateway.persistence.ReportLookup;
import com.rateplatform.gateway.persistence.Retention;
import com.rateplatform.gateway.recovery.Reconciler;
import com.rateplatform.gateway.reliability.BackPressure;
import com.rateplatform.gateway.reliability.StreamTrimmer;
import com.rateplatform.gateway.persistence.RequestStore;
import com.rateplatform.gateway.security.PiiMasker;
import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.validation.ItemValidator;
import com.rateplatform.gateway.validation.ValidationProcessor;

/**
 * The beans the routes call, built in dependency order from application.properties and bound by the names the YAML
 * routes use. Resources that need closing are closed when Camel stops, after the routes.
 */
public class GatewayConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        Closer closer = new Closer();
        context.addService(closer, true);

        Clock clock = Clock.systemUTC();
        Ids ids = new Ids();
        Supplier<RedisStreamComponent> streams = () -> context.getComponent("redis-stream", RedisStreamComponent.class);
        // First, so that missing keys stop the start before anything else is opened.
        StreamKeys streamKeys = StreamKeys.load(settings.text("rate.crypto.keys"), settings.text("rate.crypto.keys-file"),
                Duration.ofMillis(settings.number("rate.crypto.keys-reload-ms")), settings.flag("rate.redis.embedded"));
        MessageCodec codec = new MessageCodec(new PayloadCipher(streamKeys));
        registry.bind("streamKeys", streamKeys);
        registry.bind("messageCodec", codec);
        registry.bind("requestFields", new RequestFields());

        String schema = settings.text("rate.db.schema");
        HikariDataSource dataSource = Database.pool(settings.text("rate.db.url"), settings.text("rate.db.user"),
                settings.text("rate.db.password"), schema, settings.integer("rate.db.pool-size"),
                settings.number("rate.db.connection-timeout-ms"), settings.text("rate.db.application-name"));
        closer.add(dataSource);
        if (settings.flag("rate.db.migrate")) {
            Database.migrate(dataSource, schema);
        }
        // The metrics of the gateway role (MetricsConfiguration) count what is accepted, refused and recorded.
        IntakeListener intakeListener = IntakeListener.of(registry);
        RequestStore.ResponseListener responseListener = registry.findSingleByType(RequestStore.ResponseListener.class);
        RequestStore requestStore = new RequestStore(dataSource, ids,
                responseListener == null ? RequestStore.ResponseListener.NONE : responseListener);
        registry.bind("dataSource", dataSource);
        registry.bind("requestStore", requestStore);
        PendingRequests pendingRequests = new PendingRequests(dataSource, requestStore, settings.integer("rate.db.group-commit.max-batch"),
                Duration.ofMillis(settings.number("rate.db.group-commit.max-wait-ms")));
        closer.add(pendingRequests);
        registry.bind("pendingRequests", pendingRequests);
        // Steps after a recorded response may block (bulk batch counts): they go on here, not on the group-commit writer.
        java.util.concurrent.ExecutorService recorderContinuations = context.getExecutorServiceManager()
                .newFixedThreadPool(this, "recorder", settings.integer("rate.db.group-commit.recorder-threads"));
        RecordedResponses recordedResponses = new RecordedResponses(dataSource, requestStore, settings.integer("rate.db.group-commit.max-batch"),
                Duration.ofMillis(settings.number("rate.db.group-commit.recorder-linger-ms")),
                Duration.ofMillis(settings.number("rate.db.group-commit.max-wait-ms")), recorderContinuations);
        closer.add(recordedResponses);
        registry.bind("recordedResponses", recordedResponses);
        ItemStore itemStore = new ItemStore(dataSource, ids, settings.integer("rate.db.group-commit.max-batch"),
                Duration.ofMillis(settings.number("rate.db.group-commit.recorder-linger-ms")),
                Duration.ofMillis(settings.number("rate.db.group-commit.max-wait-ms")));
        closer.add(itemStore);
        registry.bind("itemStore", itemStore);
        registry.bind("reportLookup", new ReportLookup(dataSource));
        registry.bind("partitionMaintenance", new PartitionMaintenance(dataSource, settings.integer("rate.partitions.months-ahead")));
        ArchiveCopy archiveCopy = archiveCopy(settings);
        if (archiveCopy instanceof AutoCloseable closeable) {
            closer.add(closeable);
        }
        registry.bind("retention", new Retention(dataSource, Path.of(settings.text("rate.retention.archive-dir")), archiveCopy,
                settings.integer("rate.retention.keep-months"), clock, PiiMasker::maskArchivedRow));
        registry.bind("reconciler", new Reconciler(dataSource, streams, new Reconciler.Streams(settings.text("rate.stream.requests"),
                settings.text("rate.stream.requests-high"), settings.text("rate.worker.group"),
                List.of(settings.text("rate.stream.extension-responses"), settings.text("rate.stream.importer-responses")),
                settings.text("rate.recorder.group")),
                Duration.ofMillis(settings.number("rate.reconciler.min-age-ms")),
                Duration.ofMillis(settings.number("rate.reconciler.max-pending-age-ms")),
                settings.integer("rate.reconciler.batch-size")));

        registry.bind("requestIntake", new RequestIntake(ids, clock,
                settings.integer("rate.intake.max-items"), settings.integer("rate.intake.max-batch-requests"),
                settings.integer("rate.intake.max-field-length"), settings.integer("rate.intake.max-json-depth"),
                Map.of(Source.EXTENSION, settings.text("rate.stream.extension-responses"),
                        Source.IMPORTER, settings.text("rate.stream.importer-responses")), intakeListener));
        registry.bind("statusQuery", new StatusQuery(requestStore));
        registry.bind("openApiDescription", OpenApiDescription.load(context, settings.text("rate.importer.public-base-url")));
        registry.bind("idempotencyKeys", new IdempotencyKeys(streams,
                Duration.ofMillis(settings.number("rate.intake.idempotency-window-ms"))));
        registry.bind("streamTrimmer", new StreamTrimmer(streams, List.of(settings.text("rate.stream.requests"),
                settings.text("rate.stream.requests-high"), settings.text("rate.stream.extension-responses"),
                settings.text("rate.stream.importer-responses")), settings.number("rate.trim.max-len"),
                Duration.ofMillis(settings.number("rate.trim.max-age-ms")), clock));
        registry.bind("backPressure", new BackPressure(streams, settings.text("rate.stream.requests"),
                settings.text("rate.worker.group"), settings.number("rate.backpressure.max-lag"),
                Duration.ofMillis(settings.number("rate.backpressure.cache-ms")),
                Duration.ofMillis(settings.number("rate.backpressure.max-wait-ms"))));
        registry.bind("apiErrors", new ApiErrors(settings.integer("rate.http.retry-after-seconds"), intakeListener));
        registry.bind("priorityLanes", new PriorityLanes());
        registry.bind("deadLetters", new DeadLetters(ids, clock, codec));
        registry.bind("validationProcessor",
                new ValidationProcessor(ItemValidator.load(settings.text("rate.validation.rules")), clock));

        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(new RedisHealthCheck(() -> streams.get().connections()));
        health.register(new DatabaseHealthCheck(dataSource));
        health.register(new DiskSpaceHealthCheck(Path.of(settings.text("rate.retention.archive-dir")),
                settings.integer("rate.health.min-free-disk-percent")));
        health.register(new StreamConsumersHealthCheck(context));
        Draining draining = new Draining(settings.number("rate.shutdown.drain-ms"));
        registry.bind("draining", draining);
        health.register(draining);
        serveHealth(context, settings, health, draining);
        String metricsPath = settings.text("camel.metrics.path");
        context.addStartupListener((started, alreadyStarted) -> MetricsScrape.install(started, metricsPath));
    }

    /** Retention archives go to S3-compatible storage as well when a bucket is set. */
    private static ArchiveCopy archiveCopy(Settings settings) {
        String bucket = settings.text("rate.retention.s3.bucket");
        if (bucket.isBlank()) {
            return ArchiveCopy.NONE;
        }
        return S3ArchiveCopy.create(new S3ArchiveCopy.Settings(settings.text("rate.retention.s3.endpoint"),
                settings.text("rate.retention.s3.region"), bucket, settings.text("rate.retention.s3.key-prefix"),
                settings.flag("rate.retention.s3.path-style"), settings.text("rate.retention.s3.access-key-id"),
                settings.text("rate.retention.s3.secret-access-key"),
                Duration.ofMillis(settings.number("rate.retention.s3.connect-timeout-ms")),
                Duration.ofMillis(settings.number("rate.retention.s3.read-timeout-ms"))));
    }

    /**
     * The health endpoint on the management listener, from results a background thread refreshes (see HealthEndpoint for
     * why not Camel's), and Connection: close on every listener while the instance drains.
     */
    private static void serveHealth(CamelContext context, Settings settings, HealthCheckRegistry health, Draining draining)
            throws Exception {
        HealthSnapshot snapshot = new HealthSnapshot(context, Duration.ofMillis(settings.number("rate.health.refresh-ms")),
                check -> check == draining);
        context.addService(snapshot, true);
        context.addStartupListener(snapshot);
        String path = settings.text("rate.health.path");
        int managementPort = settings.integer("camel.management.port");
        Duration maxAge = Duration.ofMillis(settings.number("rate.health.max-age-ms"));
        context.addStartupListener((started, alreadyStarted) -> {
            HealthEndpoint.install(VertxPlatformHttpRouter.lookup(started, VertxPlatformHttpRouter.getRouterNameFromPort(managementPort)),
                    path, snapshot, List.of(draining), health.getExposureLevel(), maxAge);
            started.getRegistry().findByType(VertxPlatformHttpRouter.class).forEach(router -> DrainingConnections.install(router, draining));
        });
    }

    /** Closes what the configuration opened, last opened first, when the context stops. */
    private static final class Closer extends ServiceSupport {

        private final Deque<AutoCloseable> resources = new ArrayDeque<>();

        void add(AutoCloseable resource) {
            resources.push(resource);
        }

        @Override
        protected void doStop() throws Exception {
            while (!resources.isEmpty()) {
                resources.pop().close();
            }
        }
    }
}
