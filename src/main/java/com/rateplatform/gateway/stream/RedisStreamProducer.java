package com.rateplatform.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * XADD of the message body under the endpoint's field. A body that is a collection becomes one entry per element,
 * sent pipelined: every XADD is written before any reply is awaited, so a batch costs about one round trip.
 */
public class RedisStreamProducer extends DefaultProducer {

    private final RedisStreamEndpoint endpoint;
    private final RedisStreamConfiguration configuration;
    private final String key;
    private StreamConnection connection;

    public RedisStreamProducer(RedisStreamEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
        this.key = endpoint.streamKey();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = endpoint.getComponent().connections().shared();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Object body = in.getBody();
        if (body instanceof Collection<?> entries) {
            in.setHeader(RedisStreamConstants.ENTRY_IDS, addAll(exchange, entries));
        } else {
            String payload = in.getMandatoryBody(String.class);
            in.setHeader(RedisStreamConstants.ENTRY_ID, connection.streams().xadd(key, addArgs(), Map.of(configuration.getField(), payload)));
        }
    }

    private List<String> addAll(Exchange exchange, Collection<?> entries) throws Exception {
        List<RedisFuture<String>> futures = new ArrayList<>(entries.size());
        XAddArgs args = addArgs();
        for (Object entry : entries) {
            String payload = exchange.getContext().getTypeConverter().mandatoryConvertTo(String.class, exchange, entry);
            futures.add(connection.asyncStreams().xadd(key, args, Map.of(configuration.getField(), payload)));
        }
        Duration timeout = Duration.ofMillis(endpoint.getComponent().getCommandTimeoutMs());
        if (!LettuceFutures.awaitAll(timeout, futures.toArray(new RedisFuture[0]))) {
            throw new java.util.concurrent.TimeoutException("XADD of " + entries.size() + " entries to " + key + " timed out");
        }
        List<String> ids = new ArrayList<>(futures.size());
        for (RedisFuture<String> future : futures) {
            ids.add(future.get());
        }
        return ids;
    }

    private XAddArgs addArgs() {
        XAddArgs args = new XAddArgs();
        if (configuration.getMaxLen() > 0) {
            args.maxlen(configuration.getMaxLen()).approximateTrimming();
        }
        return args;
    }
}
