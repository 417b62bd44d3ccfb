package com.rateplatform.gateway.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.models.stream.PendingMessages;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.stream.GroupConsumer;
import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.stream.StreamGroup;
import com.rateplatform.gateway.stream.StreamId;

/**
 * Reads the state of the streams and their consumer groups in two pipelined rounds: first every stream's length
 * (XLEN) and groups (XINFO GROUPS: lag, pending, last delivered id) and the dead-letter stream's length; then, for
 * every group the first round found, its consumers (XINFO CONSUMERS), its oldest pending entry (XPENDING summary) and
 * its oldest undelivered entry (the first entry after its last delivered id, XRANGE COUNT 1, asked only while the
 * group lags or Redis cannot tell). The second round needs the group names and ids the first returns.
 *
 * <p>XLEN rather than XINFO STREAM, whose reply carries the first and last entries (personal data) and says nothing
 * more that is needed here. Ages are entry-id ages: an entry id is the Redis time the entry was added.
 */
public class StreamInspector {

    private final Supplier<RedisStreamComponent> streams;
    private final List<String> names;
    private final String dlq;
    private final long liveWithinMs;
    private final Clock clock;

    /**
     * @param names        the streams to read (logical names), in the order answers list them
     * @param liveWithinMs a consumer that read within this long is live (the claim-idle time: after it, the group hands
     *                     a consumer's entries to others)
     */
    public StreamInspector(Supplier<RedisStreamComponent> streams, List<String> names, String dlq, long liveWithinMs, Clock clock) {
        this.streams = streams;
        this.names = List.copyOf(names);
        this.dlq = dlq;
        this.liveWithinMs = liveWithinMs;
        this.clock = clock;
    }

    /** {@code GET /api/monitoring/streams}: the state now, as JSON. */
    public String json() {
        return Json.write(inspect());
    }

    /** The state of every stream and group now. */
    public StreamsSnapshot inspect() {
        RedisStreamComponent component = streams.get();
        RedisStreamAsyncCommands<String, String> redis = component.connections().shared().asyncStreams();
        Duration timeout = component.getCommandTimeout();

        Map<String, RedisFuture<Long>> lengths = new LinkedHashMap<>();
        Map<String, RedisFuture<List<Object>>> groupReplies = new LinkedHashMap<>();
        for (String name : names) {
            lengths.put(name, redis.xlen(component.keyOf(name)));
            groupReplies.put(name, redis.xinfoGroups(component.keyOf(name)));
        }
        RedisFuture<Long> dlqLength = redis.xlen(component.keyOf(dlq));
        List<RedisFuture<?>> firstRound = new ArrayList<>(lengths.values());
        firstRound.addAll(groupReplies.values());
        firstRound.add(dlqLength);
        await(timeout, firstRound);

        Map<String, List<GroupReads>> reads = new LinkedHashMap<>();
        List<RedisFuture<?>> secondRound = new ArrayList<>();
        for (String name : names) {
            String key = component.keyOf(name);
            List<GroupReads> groups = new ArrayList<>();
            for (StreamGroup group : groupsOf(groupReplies.get(name))) {
                GroupReads read = new GroupReads(group, redis.xinfoConsumers(key, group.name()), redis.xpending(key, group.name()),
                        group.lag() != null && group.lag() == 0 ? null
                                : redis.xrange(key, Range.create(group.lastDelivered().next().toString(), "+"), Limit.from(1)));
                groups.add(read);
                secondRound.addAll(read.futures());
            }
            reads.put(name, groups);
        }
        await(timeout, secondRound);

        long now = clock.millis();
        List<StreamsSnapshot.StreamState> states = new ArrayList<>();
        for (String name : names) {
            List<StreamsSnapshot.GroupState> groups = new ArrayList<>();
            for (GroupReads read : reads.get(name)) {
                groups.add(read.state(now, liveWithinMs));
            }
            states.add(new StreamsSnapshot.StreamState(name, value(lengths.get(name)), groups));
        }
        return new StreamsSnapshot(Instant.ofEpochMilli(now).toString(), states,
                new StreamsSnapshot.DlqState(dlq, value(dlqLength)));
    }

    /** The second round's replies for one group. */
    private record GroupReads(StreamGroup group, RedisFuture<List<Object>> consumers, RedisFuture<PendingMessages> pending,
                              RedisFuture<List<StreamMessage<String, String>>> undelivered) {

        List<RedisFuture<?>> futures() {
            return undelivered == null ? List.of(consumers, pending) : List.of(consumers, pending, undelivered);
        }

        StreamsSnapshot.GroupState state(long now, long liveWithinMs) {
            List<StreamsSnapshot.ConsumerState> members = new ArrayList<>();
            int live = 0;
            for (GroupConsumer consumer : GroupConsumer.parse(value(consumers))) {
                members.add(new StreamsSnapshot.ConsumerState(consumer.name(), consumer.pending(), consumer.idleMs()));
                if (consumer.idleMs() < liveWithinMs) {
                    live++;
                }
            }
            PendingMessages summary = value(pending);
            Long oldestPending = summary.getCount() == 0 || summary.getMessageIds().getLower().getValue() == null ? null
                    : age(now, summary.getMessageIds().getLower().getValue());
            List<StreamMessage<String, String>> next = undelivered == null ? List.of() : value(undelivered);
            Long oldestUndelivered = next.isEmpty() ? null : age(now, next.get(0).getId());
            // Before Redis 7.2 a consumer's idle time restarts only when it gets entries, so an idle group's readers look
            // silent however often they poll: only a group with entries waiting and no taker is short of a consumer.
            boolean waiting = group.pending() > 0 || oldestUndelivered != null;
            return new StreamsSnapshot.GroupState(group.name(), group.lag(), group.pending(), oldestPending, oldestUndelivered,
                    members, live, live == 0 && waiting ? StreamsSnapshot.NO_LIVE_CONSUMER : null);
        }
    }

    private static long age(long now, String entryId) {
        return Math.max(0, now - StreamId.parse(entryId).ms());
    }

    private static List<StreamGroup> groupsOf(RedisFuture<List<Object>> reply) {
        try {
            return StreamGroup.parse(reply.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException refused && String.valueOf(refused.getMessage()).contains("no such key")) {
                return List.of(); // the stream does not exist (yet)
            }
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while reading stream metrics", e);
        }
    }

    /** Waits until every reply is in; a failed one is reported when its value is read (XINFO of a missing stream fails). */
    private static void await(Duration timeout, List<RedisFuture<?>> futures) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (RedisFuture<?> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException failedReply) {
                // read by value() or groupsOf()
            } catch (TimeoutException e) {
                futures.forEach(f -> f.cancel(true));
                throw new RedisCommandTimeoutException("Stream metrics were not read within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while reading stream metrics", e);
            }
        }
    }

    /** The reply of a future already completed (awaited). */
    private static <T> T value(RedisFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while reading stream metrics", e);
        }
    }

    private static RedisException failure(ExecutionException e) {
        return e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
    }
}
