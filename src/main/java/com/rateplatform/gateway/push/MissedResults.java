package com.rateplatform.gateway.push;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisStreamCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.MalformedMessageException;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * Results of one caller published after a given event id, read back from {@code extension_responses} (XRANGE), for a
 * client that reconnects ({@code Last-Event-ID}, {@code since}, {@code resume}). The stream reaches back as far as its
 * trimming allows (about {@code STREAM_MAX_LEN} entries or {@code STREAM_MAX_AGE_MS}); older results are answered by
 * the status endpoint. At most {@code maxEntries} entries are read for one replay. The caller's results are opened; one
 * that cannot be (its key retired, or altered) is left out with a WARN.
 */
class MissedResults {

    /** The replayed results, and whether they are known to be all there are. */
    record Replay(String since, List<ResultEvent> events, boolean complete) {

        static final Replay NONE = new Replay(null, List.of(), true);
    }

    private static final Logger LOG = LoggerFactory.getLogger(MissedResults.class);
    private static final Pattern EVENT_ID = Pattern.compile("\\d{1,19}(-\\d{1,19})?");
    private static final int PAGE = 500;

    private final Supplier<RedisStreamComponent> streams;
    private final String stream;
    private final int maxEntries;
    private final MessageCodec codec;

    MissedResults(Supplier<RedisStreamComponent> streams, String stream, int maxEntries, MessageCodec codec) {
        this.streams = streams;
        this.stream = stream;
        this.maxEntries = maxEntries;
        this.codec = codec;
    }

    /** Refuses what cannot be an event id, naming the parameter it came in. */
    static String checkedEventId(String eventId, String field) {
        if (!EVENT_ID.matcher(eventId).matches()) {
            throw ApiException.badRequest("INVALID_VALUE", "an event id looks like 1763790000000-0", field);
        }
        return eventId;
    }

    /** The id of the newest entry: a connection that starts now receives everything after it. */
    String newestId() {
        List<StreamMessage<String, String>> newest = redis().xrevrange(key(), Range.create("-", "+"), Limit.from(1));
        return newest.isEmpty() ? "0-0" : newest.get(0).getId();
    }

    Replay since(String caller, String eventId) {
        RedisStreamCommands<String, String> redis = redis();
        String key = key();
        // Trimming removes entries from the head only: while the entry resumed from is there, so is all after it.
        boolean anchored = "0-0".equals(eventId) || !redis.xrange(key, Range.create(eventId, eventId)).isEmpty();
        List<ResultEvent> events = new ArrayList<>();
        String cursor = eventId;
        int read = 0;
        while (read < maxEntries) {
            int wanted = Math.min(PAGE, maxEntries - read);
            List<StreamMessage<String, String>> page = redis.xrange(key,
                    Range.from(Range.Boundary.excluding(cursor), Range.Boundary.unbounded()), Limit.from(wanted));
            for (StreamMessage<String, String> entry : page) {
                try {
                    ResultEvent.of(entry.getId(), entry.getBody().get("data"))
                            .filter(event -> event.caller().equals(caller))
                            .map(event -> event.opened(codec))
                            .ifPresent(events::add);
                } catch (MalformedMessageException e) {
                    LOG.warn("Entry {} of {} not replayed to {}: {}", entry.getId(), stream, caller, e.getMessage());
                }
                cursor = entry.getId();
            }
            read += page.size();
            if (page.size() < wanted) {
                return new Replay(eventId, events, anchored);
            }
        }
        return new Replay(eventId, events, false);
    }

    private RedisStreamCommands<String, String> redis() {
        return streams.get().connections().shared().streams();
    }

    private String key() {
        return streams.get().keyOf(stream);
    }
}
