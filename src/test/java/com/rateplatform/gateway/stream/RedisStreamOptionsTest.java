package com.rateplatform.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;

/** How the component's options are read from URIs and from camel.component.redis-stream.* (no Redis needed). */
class RedisStreamOptionsTest {

    @Test
    void durationOptionsTakeCamelDurationsAndPlainMilliseconds() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("redis-stream", new RedisStreamComponent());

            RedisStreamConfiguration options = context.getEndpoint(
                    "redis-stream:orders?block=500ms&claimIdle=30s&claimInterval=1500&errorBackoff=1m30s",
                    RedisStreamEndpoint.class).getConfiguration();

            assertThat(options.getBlock()).isEqualTo(Duration.ofMillis(500));
            assertThat(options.getClaimIdle()).isEqualTo(Duration.ofSeconds(30));
            assertThat(options.getClaimInterval()).isEqualTo(Duration.ofMillis(1500));
            assertThat(options.getErrorBackoff()).isEqualTo(Duration.ofSeconds(90));
        }
    }

    @Test
    void componentDurationOptionsTakeCamelDurationsAndPlainMilliseconds() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            RedisStreamComponent component = new RedisStreamComponent();
            context.addComponent("redis-stream", component);

            // What camel-main does with camel.component.redis-stream.command-timeout = 3s and the like.
            PropertyBindingSupport.build().bind(context, component,
                    new HashMap<>(Map.of("commandTimeout", "3s", "clusterTopologyRefresh", "2500")));

            assertThat(component.getCommandTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(component.getClusterTopologyRefresh()).isEqualTo(Duration.ofMillis(2500));
        }
    }

    @Test
    void anEndpointInheritsTheComponentsOptionsUnlessItSetsItsOwn() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            RedisStreamComponent component = new RedisStreamComponent();
            context.addComponent("redis-stream", component);
            // camel.component.redis-stream.claim-idle = 30s, claim-interval = 2s, as application.properties sets them.
            PropertyBindingSupport.build().bind(context, component, new HashMap<>(Map.of("claimIdle", "30s", "claimInterval", "2s")));

            RedisStreamConfiguration inherits = context.getEndpoint("redis-stream:a?group=g", RedisStreamEndpoint.class).getConfiguration();
            RedisStreamConfiguration overrides = context.getEndpoint("redis-stream:b?group=g&claimIdle=5s", RedisStreamEndpoint.class)
                    .getConfiguration();

            assertThat(inherits.getClaimIdle()).isEqualTo(Duration.ofSeconds(30));
            assertThat(inherits.getClaimInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(overrides.getClaimIdle()).isEqualTo(Duration.ofSeconds(5));
            assertThat(overrides.getClaimInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(component.getConfiguration().getClaimIdle()).as("the component's own defaults").isEqualTo(Duration.ofSeconds(30));
        }
    }
}
