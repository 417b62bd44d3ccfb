package com.rateplatform.gateway.monitoring;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import com.rateplatform.gateway.config.Roles;
import com.rateplatform.gateway.config.Settings;
import com.rateplatform.gateway.metrics.Meters;
import com.rateplatform.gateway.push.PushAuthentication;
import com.rateplatform.gateway.push.PushSettings;
import com.rateplatform.gateway.reliability.BackPressure;
import com.rateplatform.gateway.security.Guard;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * What operators look at, on gateways: {@code streamInspector} ({@code GET /api/monitoring/streams}),
 * {@code streamMetrics} (the stream gauges, collected by the lease holder: route {@code collect-stream-metrics}),
 * {@code liveFeed} and the live-feed endpoint ({@code GET /api/monitoring/live}). Runs after the other configurations,
 * whose beans it uses.
 */
public class MonitoringConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        if (!Roles.parse(settings.text("rate.roles")).has(Roles.GATEWAY)) {
            return;
        }
        Registry registry = context.getRegistry();
        MeterRegistry meters = Meters.registryOf(context);
        Clock clock = Clock.systemUTC();
        Supplier<RedisStreamComponent> streams = () -> context.getComponent("redis-stream", RedisStreamComponent.class);
        String dlq = settings.text("rate.stream.dlq");

        StreamInspector inspector = new StreamInspector(streams, List.of(settings.text("rate.stream.requests"),
                settings.text("rate.stream.requests-high"), settings.text("rate.stream.extension-responses"),
                settings.text("rate.stream.importer-responses")), dlq, settings.number("rate.worker.claim-idle-ms"), clock);
        registry.bind("streamInspector", inspector);
        StreamMetricsCollector collector = new StreamMetricsCollector(inspector, streams,
                settings.number("rate.monitoring.collector-lease-ms"), registry.lookupByNameAndType("backPressure", BackPressure.class),
                registry.lookupByNameAndType("operationalEvents", OperationalEvents.class), meters, clock);
        registry.bind("streamMetrics", collector);
        context.addService(collector, true);

        PushSettings push = PushSettings.from(settings);
        LiveClients clients = new LiveClients(push.maxConnectionsPerCaller(), push.heartbeatMissedMax());
        registry.bind("liveFeed", new LiveFeed(new ClusterRates(streams, registry.lookupByNameAndType("requestMetrics", RequestMetrics.class)),
                clients, streams, dlq, clock));
        LiveEndpoint endpoint = new LiveEndpoint(new PushAuthentication(registry.lookupByNameAndType("guard", Guard.class),
                Scopes.MONITORING_READ), clients, push.maxBufferedBytes());
        context.addService(endpoint, true, true);
        context.addStartupListener(endpoint);
    }
}
