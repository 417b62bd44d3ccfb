package com.rateplatform.gateway.monitoring;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import com.rateplatform.gateway.config.Roles;
import com.rateplatform.gateway.config.Settings;
import com.rateplatform.gateway.metrics.Meters;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * The application's metrics (docs/Metrics.md) and the {@code monitoring_events} stream, set up before any other
 * configuration so their beans can be handed to the code they count: {@code requestMetrics} (intake, results,
 * latency; gateway role), {@code webhookMetrics} (gateway role) and {@code operationalEvents} (every role: workers
 * dead-letter and take over entries too). All in the registry camel-micrometer-prometheus renders on {@code /metrics}.
 */
public class MetricsConfiguration implements CamelConfiguration {

    static final String BUILD_INFO = Meters.PREFIX + "build.info";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        MeterRegistry meters = Meters.registryOf(context);
        Roles roles = Roles.parse(settings.text("rate.roles"));
        Clock clock = Clock.systemUTC();

        Gauge.builder(BUILD_INFO, () -> 1).description("1, labelled with this build's version and the roles it runs")
                .tags("version", BuildInfo.version(), "roles", roles.toString()).strongReference(true).register(meters);

        if (roles.has(Roles.GATEWAY)) {
            registry.bind("requestMetrics", new RequestMetrics(meters, clock));
            registry.bind("webhookMetrics", new WebhookMetrics(meters));
        }

        EventPublisher publisher = new EventPublisher(() -> context.getComponent("redis-stream", RedisStreamComponent.class),
                settings.text("rate.stream.monitoring-events"), settings.number("rate.monitoring.events-max-len"), meters);
        context.addService(publisher, true);
        String requests = settings.text("rate.stream.requests");
        String requestsHigh = settings.text("rate.stream.requests-high");
        String extension = settings.text("rate.stream.extension-responses");
        String importer = settings.text("rate.stream.importer-responses");
        OperationalEvents events = new OperationalEvents(publisher, meters, clock, List.of(requests, requestsHigh, extension, importer),
                () -> context.getComponent("redis-stream", RedisStreamComponent.class).getConsumerName());
        String validators = settings.text("rate.worker.group");
        String recorders = settings.text("rate.recorder.group");
        if (roles.has(Roles.WORKER)) {
            events.registerTakeOvers(requests, validators);
            events.registerTakeOvers(requestsHigh, validators);
        }
        if (roles.has(Roles.GATEWAY)) {
            events.registerTakeOvers(extension, recorders);
            events.registerTakeOvers(importer, recorders);
        }
        // Also the redis-stream component's claim listener: it finds it in the registry by type.
        registry.bind("operationalEvents", events);
    }
}
