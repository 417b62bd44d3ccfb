package com.rateplatform.gateway.stream;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;

/** A Redis Stream: XADD as a producer, a consumer-group reader (or, without a group, a follower) as a consumer. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "redis-stream", title = "Redis Stream", syntax = "redis-stream:stream",
             category = { Category.MESSAGING }, headersClass = RedisStreamConstants.class)
public class RedisStreamEndpoint extends DefaultEndpoint {

    @UriParam
    private final RedisStreamConfiguration configuration;

    public RedisStreamEndpoint(String uri, RedisStreamComponent component, RedisStreamConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new RedisStreamProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        // Without a group: follow the stream, every process seeing every entry (RedisStreamTailConsumer).
        DefaultConsumer consumer = configuration.getGroup() == null || configuration.getGroup().isBlank()
                ? new RedisStreamTailConsumer(this, processor) : new RedisStreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public RedisStreamComponent getComponent() {
        return (RedisStreamComponent) super.getComponent();
    }

    public RedisStreamConfiguration getConfiguration() {
        return configuration;
    }

    /** Redis key of this endpoint's stream. */
    public String streamKey() {
        return getComponent().keyOf(configuration.getStream());
    }
}
