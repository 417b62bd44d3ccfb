package com.rateplatform.gateway.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.MessageHistory;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Where a route's time goes: for every exchange that starts in {@code routeId}, the time each step took (Camel's
 * message history, which the gateway must run with {@code camel.main.message-history=true}). A step that calls
 * another route ({@code to: direct:...}) includes that route's steps, which are listed on their own too.
 */
final class StepTimes extends EventNotifierSupport {

    private final String routeId;
    private final Map<String, ConcurrentLinkedQueue<Long>> elapsed = new ConcurrentHashMap<>();
    private volatile boolean recording;

    private StepTimes(String routeId) {
        this.routeId = routeId;
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    static StepTimes of(CamelContext context, String routeId) {
        StepTimes times = new StepTimes(routeId);
        context.getManagementStrategy().addEventNotifier(times);
        return times;
    }

    void record(boolean on) {
        recording = on;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return recording && event instanceof CamelEvent.ExchangeCompletedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeCompletedEvent) event).getExchange();
        if (!routeId.equals(exchange.getFromRouteId())) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<MessageHistory> history = exchange.getProperty(ExchangePropertyKey.MESSAGE_HISTORY, List.class);
        if (history == null) {
            return;
        }
        for (MessageHistory step : history) {
            String name = step.getRouteId() + " / " + step.getNode().getLabel();
            elapsed.computeIfAbsent(name, k -> new ConcurrentLinkedQueue<>()).add(step.getElapsed());
        }
    }

    /** One line per step, slowest p99 first, {@code limit} lines at most. */
    void print(int limit) {
        List<Map.Entry<String, long[]>> steps = new ArrayList<>();
        elapsed.forEach((name, times) -> {
            long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            steps.add(Map.entry(name, sorted));
        });
        steps.sort((a, b) -> Long.compare(percentile(b.getValue(), 99), percentile(a.getValue(), 99)));
        steps.stream().limit(limit).forEach(step -> System.out.printf("    %-70s p50 %4d ms  p99 %4d ms  max %4d ms%n",
                abbreviate(step.getKey(), 70), percentile(step.getValue(), 50), percentile(step.getValue(), 99),
                step.getValue()[step.getValue().length - 1]));
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
