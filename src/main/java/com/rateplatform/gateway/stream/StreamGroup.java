package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisStreamCommands;

/**
 * One consumer group of a stream as {@code XINFO GROUPS} shows it.
 *
 * @param pending       entries delivered to the group and not yet acknowledged
 * @param lastDelivered the newest entry id the group has been handed
 * @param lag           entries not yet delivered to the group; null when Redis does not know (before Redis 7, or
 *                      after entries were deleted from the middle of the stream)
 */
public record StreamGroup(String name, long pending, StreamId lastDelivered, Long lag) {

    /** The groups of the stream at {@code key}; none when the stream does not exist. */
    public static List<StreamGroup> all(RedisStreamCommands<String, String> redis, String key) {
        try {
            return parse(redis.xinfoGroups(key));
        } catch (RedisCommandExecutionException e) {
            return List.of(); // ERR no such key
        }
    }

    /** The groups of an {@code XINFO GROUPS} reply (as a pipelined read gets it). */
    public static List<StreamGroup> parse(List<Object> groups) {
        List<StreamGroup> all = new ArrayList<>();
        for (Object group : groups) {
            if (group instanceof List<?> fields) {
                Object pending = field(fields, "pending");
                Object lag = field(fields, "lag");
                all.add(new StreamGroup(String.valueOf(field(fields, "name")),
                        pending instanceof Number n ? n.longValue() : 0,
                        StreamId.parse(String.valueOf(field(fields, "last-delivered-id"))),
                        lag instanceof Number n ? n.longValue() : null));
            }
        }
        return all;
    }

    /** The group {@code name} of the stream at {@code key}, if both exist. */
    public static Optional<StreamGroup> named(RedisStreamCommands<String, String> redis, String key, String name) {
        return all(redis, key).stream().filter(group -> group.name().equals(name)).findFirst();
    }

    /** The value after {@code name} in a flat XINFO reply {@code [name1, value1, name2, value2, ...]}; null when absent. */
    static Object field(List<?> fields, String name) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (name.equals(String.valueOf(fields.get(i)))) {
                return fields.get(i + 1);
            }
        }
        return null;
    }
}
