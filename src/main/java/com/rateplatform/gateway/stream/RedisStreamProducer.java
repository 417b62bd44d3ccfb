package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * XADD of the message body under the endpoint's field. A body that is a collection becomes one entry per element,
 * sent pipelined: every XADD is written before any reply is awaited, so a batch costs about one round trip.
 *
 * <p>Asynchronous by default: the exchange continues on Redis's I/O thread once the reply is in, so a reader with many
 * entries in flight never waits for one. With {@code synchronous=true} the calling thread waits for the reply and
 * continues itself: what a route needs when a blocking step (a database write) follows the XADD.
 */
public class RedisStreamProducer extends DefaultAsyncProducer {

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
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<Void> sent;
        try {
            sent = send(exchange);
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (configuration.isSynchronous()) {
            try {
                sent.get(endpoint.getComponent().getCommandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                exchange.setException(redisFailure(e.getCause()));
            } catch (TimeoutException e) {
                exchange.setException(new RedisCommandTimeoutException("XADD to " + key + " timed out"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.setException(e);
            }
            callback.done(true);
            return true;
        }
        sent.whenComplete((done, failure) -> {
            if (failure != null) {
                exchange.setException(redisFailure(failure instanceof CompletionException ? failure.getCause() : failure));
            }
            callback.done(false);
        });
        return false;
    }

    /**
     * A failed XADD as a Redis failure: a connection reset while the command was in flight completes its future with
     * Netty's bare {@code IOException}, which callers could not tell from a bug (the intake answered 500, not 503).
     */
    private Throwable redisFailure(Throwable failure) {
        if (failure instanceof RedisException) {
            return failure;
        }
        return new RedisException("XADD to " + key + " failed: " + failure, failure);
    }

    /** Writes the XADD(s); the future completes once every reply is in, with the entry id header(s) set. */
    private CompletableFuture<Void> send(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Object body = in.getBody();
        XAddArgs args = addArgs();
        if (body instanceof Collection<?> entries) {
            List<CompletableFuture<String>> replies = new ArrayList<>(entries.size());
            for (Object entry : entries) {
                String payload = exchange.getContext().getTypeConverter().mandatoryConvertTo(String.class, exchange, entry);
                replies.add(xadd(args, payload));
            }
            return CompletableFuture.allOf(replies.toArray(new CompletableFuture[0])).thenRun(() -> {
                List<String> ids = new ArrayList<>(replies.size());
                replies.forEach(reply -> ids.add(reply.join()));
                in.setHeader(RedisStreamConstants.ENTRY_IDS, ids);
            });
        }
        String payload = in.getMandatoryBody(String.class);
        return xadd(args, payload).thenAccept(id -> in.setHeader(RedisStreamConstants.ENTRY_ID, id));
    }

    private CompletableFuture<String> xadd(XAddArgs args, String payload) {
        RedisFuture<String> reply = connection.asyncStreams().xadd(key, args, Map.of(configuration.getField(), payload));
        return reply.toCompletableFuture();
    }

    private XAddArgs addArgs() {
        XAddArgs args = new XAddArgs();
        if (configuration.getMaxLen() > 0) {
            args.maxlen(configuration.getMaxLen()).approximateTrimming();
        }
        return args;
    }
}
