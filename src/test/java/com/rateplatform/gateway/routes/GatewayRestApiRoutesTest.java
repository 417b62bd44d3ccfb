package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

/**
 * gateway-rest-api.camel.yaml (stage 1): json-reply, the way out of every JSON answer, sends the body with its
 * Content-Type and none of the headers the exchange gathered (request headers, internals); every REST verb forwards to
 * a direct: route that a route file declares, and that route names http-api-errors, as the file's header says. The
 * verbs themselves need a listener: they are read from the routes' model (every route file loaded into a context that
 * is never started), not called.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.ONLY_DIRECT_ROUTES})
class GatewayRestApiRoutesTest {

    @Produce
    ProducerTemplate template;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, context -> { }, RouteTests.ERROR_POLICIES, RouteTests.REST_API);
    }

    @Test
    void aJsonReplyKeepsItsBodyAndStatusButNoHeaderOfTheExchange() {
        Exchange reply = template.send("direct:json-reply", exchange -> {
            exchange.getIn().setHeader("Authorization", "Bearer secret");
            exchange.getIn().setHeader("CamelRedisStreamEntryIds", List.of("1-0"));
            exchange.getIn().setBody("{\"ok\":true}");
        });

        assertThat(reply.getMessage().getBody(String.class)).isEqualTo("{\"ok\":true}");
        assertThat(reply.getMessage().getHeaders()).containsOnlyKeys("Content-Type");
        assertThat(reply.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
    }

    @Test
    void everyRestVerbForwardsToADeclaredDirectRouteThatNamesHttpApiErrors() throws Exception {
        try (DefaultCamelContext model = new DefaultCamelContext()) {
            model.getPropertiesComponent().setLocation("classpath:application.properties");
            // As in application.properties: or REST DSL folds each verb's direct: route into the verb's own route.
            model.getRestConfiguration().setInlineRoutes(false);
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/routes"))) {
                List<Resource> resources = files.filter(file -> file.toString().endsWith(".camel.yaml")).sorted()
                        .map(file -> ResourceHelper.resolveResource(model, "file:" + file)).toList();
                PluginHelper.getRoutesLoader(model).loadRoutes(resources);
            }
            Map<String, RouteDefinition> byDirectUri = model.getRouteDefinitions().stream()
                    .filter(route -> route.getInput().getEndpointUri().startsWith("direct:"))
                    .collect(Collectors.toMap(route -> route.getInput().getEndpointUri(), Function.identity()));
            List<VerbDefinition> verbs = model.getRestDefinitions().stream().map(RestDefinition::getVerbs)
                    .flatMap(List::stream).toList();

            assertThat(verbs).hasSizeGreaterThan(10);
            for (VerbDefinition verb : verbs) {
                ToDefinition to = verb.getTo();
                assertThat(byDirectUri.keySet()).as(verb.getId() + " -> " + to.getUri()).contains(to.getUri());
                assertThat(byDirectUri.get(to.getUri()).getRouteConfigurationId()).as(to.getUri()).isEqualTo("http-api-errors");
            }
        }
    }
}
