package com.rateplatform.gateway.routes;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;

import com.rateplatform.gateway.deadletter.DeadLetters;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.stream.RedisStreamConstants;
import com.rateplatform.gateway.support.TestKeys;

/**
 * The beans the error policy stream-entry-errors calls, for tests of stream consumers: the real dead letters (so the
 * dead-letter entry is the real one), and the request status and monitoring event recorded here. Also feeds an entry to
 * a consumer route as redis-stream would (its headers).
 */
final class DeadLetterSteps {

    /** Request status: which requests were marked dead-lettered, with which code ("" for an entry without request). */
    final List<Map.Entry<String, String>> deadLettered = new CopyOnWriteArrayList<>();

    void bind(CamelContext context) {
        context.getRegistry().bind("deadLetters", new DeadLetters(new Ids(), Clock.systemUTC(), TestKeys.codec()));
        context.getRegistry().bind("requestStore", new RequestStatus());
        context.getRegistry().bind("operationalEvents", new Events());
    }

    /** The first dead-letter entry the mock dead-letter stream got, as JSON. */
    static JsonNode firstLetter(MockEndpoint deadLetterStream) throws Exception {
        return Json.MAPPER.readTree(deadLetterStream.getExchanges().get(0).getIn().getBody(String.class));
    }

    /** Sends {@code entry} to {@code consumer} with the headers redis-stream sets on an entry of {@code stream}. */
    static Exchange deliver(ProducerTemplate template, String consumer, String stream, String entry, long deliveryCount) {
        return template.send(consumer, exchange -> {
            exchange.getIn().setBody(entry);
            exchange.getIn().setHeader(RedisStreamConstants.STREAM, stream);
            exchange.getIn().setHeader(RedisStreamConstants.ENTRY_ID, "1700000000000-0");
            exchange.getIn().setHeader(RedisStreamConstants.DELIVERY_COUNT, deliveryCount);
        });
    }

    /** Stands in for requestStore in the error policy. */
    public class RequestStatus {
        public void markDeadLettered(String requestId, String errorCode) {
            deadLettered.add(Map.entry(requestId == null ? "" : requestId, errorCode));
        }
    }

    /** monitoring_events: not under test in route tests. */
    public static class Events {
        public void deadLettered(DeadLetters.DeadLetter letter, String dlqId) {
        }
    }
}
