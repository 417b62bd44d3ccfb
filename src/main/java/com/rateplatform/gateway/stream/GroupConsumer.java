package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * One consumer of a consumer group as {@code XINFO CONSUMERS} shows it.
 *
 * @param pending entries delivered to this consumer and not yet acknowledged
 * @param idleMs  milliseconds since the consumer last read (a reader blocked in XREADGROUP reads again every block)
 */
public record GroupConsumer(String name, long pending, long idleMs) {

    /** The consumers of an {@code XINFO CONSUMERS} reply. */
    public static List<GroupConsumer> parse(List<Object> consumers) {
        List<GroupConsumer> all = new ArrayList<>();
        for (Object consumer : consumers) {
            if (consumer instanceof List<?> fields) {
                all.add(new GroupConsumer(String.valueOf(StreamGroup.field(fields, "name")),
                        number(StreamGroup.field(fields, "pending")), number(StreamGroup.field(fields, "idle"))));
            }
        }
        return all;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
