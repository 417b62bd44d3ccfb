package com.rateplatform.gateway.routes;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.PropertyConfigurer;

import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.stream.RedisStreamComponentConfigurer;

/**
 * The redis-stream component of a route-level test: {@code redis-stream:validation_dlq?synchronous=true} is the mock
 * endpoint {@code mock:validation_dlq}, so a test asserts what a route publishes to a stream without Redis. It stays a
 * RedisStreamComponent so application.properties configures it as the real one. Consumers (from: redis-stream) are
 * replaced by direct: endpoints in the tests (replaceRouteFromWith).
 */
class StreamsAsMocks extends RedisStreamComponent {

    private static final PropertyConfigurer OPTIONS = new RedisStreamComponentConfigurer();

    /** The generated configurer of the real component: Camel finds it by the component's class, which is ours here. */
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return OPTIONS;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        parameters.clear();
        return getCamelContext().getEndpoint("mock:" + remaining);
    }
}
