package com.rateplatform.gateway.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrape endpoint ({@code camel.metrics.path}, on the management listener): the Prometheus text format to every
 * scraper, OpenMetrics to one whose Accept header asks for {@code application/openmetrics-text}.
 *
 * <p>Why our own handler: camel-micrometer-prometheus (4.18) mounts its scrape route with Vert.x
 * {@code produces("text/plain; version=0.0.4; charset=utf-8")}, and Vert.x only routes a request whose Accept header
 * names that type with every one of its parameters (or a wildcard): {@code text/plain}, Telegraf's
 * {@code text/plain;version=0.0.4}, {@code application/json}, {@code text/html} found no route (406, which the API's
 * catch-all turned into a 404). No setting removes that restriction, so this route, on the same router and path, comes
 * first and answers every GET; Camel's own stays behind it, unreached.
 */
public final class MetricsScrape implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsScrape.class);

    /** Ahead of the routes Camel adds (those count up from 0), behind the HTTP edge's checks. */
    private static final int ORDER = -5;
    private static final String OPENMETRICS = "application/openmetrics-text";
    // The content types the registry's scrape knows (Prometheus client's text format writers, a runtime dependency).
    static final String PROMETHEUS_TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TYPE = OPENMETRICS + "; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    private MetricsScrape(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** Mounts the endpoint on the management listener's router; call once the context has started. */
    public static void install(CamelContext context, String path) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        PrometheusMeterRegistry registry = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, PrometheusMeterRegistry.class);
        if (server == null || server.getRouter() == null || registry == null) {
            LOG.warn("No metrics endpoint: the management listener or the Prometheus registry is missing "
                     + "(camel.management.enabled, camel.metrics.enabled)");
            return;
        }
        // blocking: a scrape walks every meter, which is no work for an event loop
        server.getRouter().route(path).order(ORDER).method(HttpMethod.GET).blockingHandler(new MetricsScrape(registry), false);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        String contentType = accept != null && accept.contains(OPENMETRICS)
                ? OPENMETRICS_TYPE
                : PROMETHEUS_TEXT_TYPE;
        String body = registry.scrape(contentType);
        ctx.response().putHeader("Content-Type", contentType).end(body);
    }
}
