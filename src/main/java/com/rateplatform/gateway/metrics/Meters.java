package com.rateplatform.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;

/** Where this application's metrics go, and the prefix they share. */
public final class Meters {

    /** Every metric of this application starts with it: {@code rategw_} in Prometheus' names. */
    public static final String PREFIX = "rategw.";

    private Meters() {
    }

    /**
     * The registry camel-micrometer-prometheus renders on {@code /metrics}: the one bound under its name, or a new one
     * bound there, which camel-micrometer-prometheus then finds and uses (whichever of the two starts first).
     */
    public static MeterRegistry registryOf(CamelContext context) {
        Registry registry = context.getRegistry();
        synchronized (registry) {
            MeterRegistry found = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
            if (found == null) {
                found = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, found);
            }
            return found;
        }
    }
}
