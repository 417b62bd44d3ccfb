package com.rateplatform.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.TestServers;

/**
 * A reader's errors go to the consumer's Camel ExceptionHandler: the route's error handler with bridgeErrorHandler, or
 * the endpoint's exceptionHandler. The error here is real: a group cannot be created on a key that holds a string.
 */
class RedisStreamExceptionHandlerTest extends CamelTestSupport {

    private final String prefix = TestServers.uniquePrefix("reader-errors");
    private final RedisCommands<String, String> redis = TestServers.get().redis();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.addComponent("redis-stream", TestServers.get().streamComponent(prefix, "test"));
        return context;
    }

    @Test
    void withBridgeErrorHandlerAReadErrorReachesTheRoutesErrorHandler() throws Exception {
        redis.set(prefix + "bridged", "not a stream");
        MockEndpoint errors = getMockEndpoint("mock:reader-errors");
        errors.expectedMinimumMessageCount(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).to("mock:reader-errors");
                from("redis-stream:bridged?group=workers&bridgeErrorHandler=true&errorBackoff=100").to("mock:never");
            }
        });

        errors.assertIsSatisfied(10_000);
        Exception caught = errors.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        assertThat(caught).isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("WRONGTYPE");
    }

    @Test
    void aReadErrorReachesTheEndpointsExceptionHandler() throws Exception {
        redis.set(prefix + "handled", "not a stream");
        List<Throwable> handled = new CopyOnWriteArrayList<>();
        context.getRegistry().bind("readerErrors", new ExceptionHandler() {
            @Override
            public void handleException(Throwable exception) {
                handled.add(exception);
            }

            @Override
            public void handleException(String message, Throwable exception) {
                handled.add(exception);
            }

            @Override
            public void handleException(String message, Exchange exchange, Throwable exception) {
                handled.add(exception);
            }
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:handled?group=workers&exceptionHandler=#readerErrors&errorBackoff=100").to("mock:never");
            }
        });

        // Handed over again after each back-off: the reader keeps running.
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() >= 2);
        assertThat(handled.get(0)).isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("WRONGTYPE");
    }
}
