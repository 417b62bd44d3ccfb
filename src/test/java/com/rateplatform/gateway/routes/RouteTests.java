package com.rateplatform.gateway.routes;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * What every route-level test shares: the route files it loads (only the file under test and the error policies it
 * names), and properties that keep the test to its routes: no HTTP listener, no metrics, retries without waiting.
 * The test's beans stand in for ours at the route's boundary; Redis and PostgreSQL are never reached.
 */
final class RouteTests {

    /** No listener: the route files under test call direct: routes only (REST is gateway-rest-api's, not tested here). */
    static final String NO_SERVER = "camel.server.enabled=false";
    static final String NO_MANAGEMENT = "camel.management.enabled=false";
    static final String NO_METRICS = "camel.metrics.enabled=false";
    /** Or REST DSL folds the direct: routes into the REST routes (docs: STACK-NOTES). */
    static final String NO_INLINE_ROUTES = "camel.rest.inline-routes=false";
    /** stream-entry-errors retries transient failures with backoff: 1 ms here, the number of attempts as configured. */
    static final String FAST_RETRY = "rate.retry.initial-delay-ms=1";
    static final String FAST_RETRY_CAP = "rate.retry.max-delay-ms=2";

    /**
     * gateway-rest-api.camel.yaml holds json-reply, the route every JSON answer leaves through; its REST verbs and
     * platform-http routes need a listener and are left out (camel-main's route filter: by from-URI).
     */
    static final String ONLY_DIRECT_ROUTES = "camel.main.route-filter-exclude-pattern=rest:*,platform-http:*";

    static final String REST_API = "gateway-rest-api.camel.yaml";
    static final String ERROR_POLICIES = "common-error-handling.camel.yaml";
    static final String STREAM_CONSUMERS = "common-stream-consumers.camel.yaml";

    private RouteTests() {
    }

    /**
     * Loads {@code files} (names under routes/) and nothing else; {@code beans} binds the test's beans, and
     * redis-stream endpoints become mock endpoints ({@link StreamsAsMocks}) before any route is built.
     */
    static void load(MainConfigurationProperties configuration, Consumer<CamelContext> beans, String... files) {
        configuration.setRoutesIncludePattern(Arrays.stream(files).map(file -> "classpath:routes/" + file)
                .collect(Collectors.joining(",")));
        configuration.addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                context.addComponent("redis-stream", new StreamsAsMocks());
                beans.accept(context);
            }
        });
    }
}
