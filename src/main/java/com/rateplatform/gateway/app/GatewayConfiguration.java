package com.rateplatform.gateway.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.api.IdempotencyKeys;
import com.rateplatform.gateway.api.IntakeListener;
import com.rateplatform.gateway.api.RequestIntake;
import com.rateplatform.gateway.api.Source;
import com.rateplatform.gateway.api.StatusQuery;
import com.rateplatform.gateway.deadletter.DeadLetterQueue;
import com.rateplatform.gateway.deadletter.DeadLetters;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.message.PriorityLanes;
import com.rateplatform.gateway.ops.DatabaseHealthCheck;
import com.rateplatform.gateway.ops.DiskSpaceHealthCheck;
import com.rateplatform.gateway.ops.Draining;
import com.rateplatform.gateway.ops.RedisHealthCheck;
import com.rateplatform.gateway.ops.StreamConsumersHealthCheck;
import com.rateplatform.gateway.persistence.Database;
import com.rateplatform.gateway.persistence.ItemStore;
import com.rateplatform.gateway.persistence.PartitionMaintenance;
import com.rateplatform.gateway.persistence.ReportLookup;
import com.rateplatform.gateway.persistence.Retention;
import com.rateplatform.gateway.recovery.Reconciler;
import com.rateplatform.gateway.reliability.BackPressure;
import com.rateplatform.gateway.reliability.StreamTrimmer;
import com.rateplatform.gateway.persistence.RequestStore;
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
        registry.bind("itemStore", new ItemStore(dataSource, ids));
        registry.bind("reportLookup", new ReportLookup(dataSource));
        registry.bind("partitionMaintenance", new PartitionMaintenance(dataSource, settings.integer("rate.partitions.months-ahead")));
        registry.bind("retention", new Retention(dataSource, Path.of(settings.text("rate.retention.archive-dir")),
                settings.integer("rate.retention.keep-months"), clock));
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
        registry.bind("jsonMapper", Json.MAPPER);
        registry.bind("messageCodec", new MessageCodec());
        registry.bind("priorityLanes", new PriorityLanes());
        registry.bind("deadLetters", new DeadLetters(ids, clock));
        registry.bind("deadLetterQueue", new DeadLetterQueue(streams, settings.text("rate.stream.dlq"),
                Set.of(settings.text("rate.stream.requests"), settings.text("rate.stream.requests-high"),
                        settings.text("rate.stream.extension-responses"), settings.text("rate.stream.importer-responses")),
                requestStore, settings.integer("rate.dlq.max-page-size")));
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
