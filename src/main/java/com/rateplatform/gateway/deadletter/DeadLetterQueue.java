package com.rateplatform.gateway.deadletter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisStreamCommands;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.api.ApiException;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MalformedMessageException;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.persistence.RequestStore;
import com.rateplatform.gateway.security.Guard;
import com.rateplatform.gateway.security.PiiMasker;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * What ops do with {@code validation_dlq}: list it (newest first, paged, filtered by error text or source), replay an
 * entry to the stream it came from (the entry leaves the DLQ and its request is pending again), or delete it.
 *
 * <p>Payloads stay sealed in the stream. The listing opens them for a caller with {@code monitoring:write} (who may
 * replay them anyway); anyone else sees the sealed object, and whatever is in clear masked. Each entry names the key its
 * payload is sealed with ({@code sealed_with}), so entries under a key about to be retired can be found; a replay seals
 * the payload anew with the current key.
 */
public class DeadLetterQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    /** How many entries one listing may scan to fill a filtered page. */
    private static final int SCAN_FACTOR = 20;

    private final Supplier<RedisStreamComponent> streams;
    private final String dlqStream;
    private final Set<String> replayableStreams;
    private final RequestStore requestStore;
    private final MessageCodec codec;
    private final int maxPageSize;

    public DeadLetterQueue(Supplier<RedisStreamComponent> streams, String dlqStream, Set<String> replayableStreams,
                           RequestStore requestStore, MessageCodec codec, int maxPageSize) {
        this.streams = streams;
        this.dlqStream = dlqStream;
        this.replayableStreams = replayableStreams;
        this.requestStore = requestStore;
        this.codec = codec;
        this.maxPageSize = maxPageSize;
    }

    /**
     * A page of entries, newest first: {@code {"entries": [...], "next_cursor": id|null}}. Payloads are opened, and phone
     * and account numbers left unmasked, only for a caller who may also replay and delete ({@code monitoring:write}).
     */
    public String list(@Header("limit") Integer limit, @Header("cursor") String cursor, @Header("error") String error,
                       @Header("source") String source,
                       @ExchangeProperty(Guard.CALLER_SCOPES_PROPERTY) Set<String> callerScopes) {
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, maxPageSize));
        boolean reveal = callerScopes != null && callerScopes.contains(Scopes.MONITORING_WRITE);
        Filter filter = new Filter(error, source);
        List<Map<String, Object>> page = new ArrayList<>();
        String next = cursor;
        int scanned = 0;
        boolean exhausted = false;
        while (page.size() < size && scanned < size * SCAN_FACTOR) {
            List<StreamMessage<String, String>> batch = redis().xrevrange(key(),
                    Range.create("-", next == null ? "+" : "(" + next), Limit.from(size));
            if (batch.isEmpty()) {
                exhausted = true;
                break;
            }
            for (StreamMessage<String, String> message : batch) {
                scanned++;
                next = message.getId();
                Map<String, Object> entry = view(message);
                if (filter.matches(entry)) {
                    page.add(reveal ? opened(entry) : entry);
                    if (page.size() == size) {
                        break;
                    }
                }
            }
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("entries", page);
        reply.put("next_cursor", exhausted ? null : next);
        String listing = Json.write(reply);
        return reveal ? listing : PiiMasker.maskJsonText(listing);
    }

    /** Sends the entry back to its origin stream and removes it from the DLQ. */
    public String replay(@Header("id") String id) throws SQLException {
        StreamMessage<String, String> message = find(id);
        Map<String, Object> result = replayOne(message);
        return Json.write(result);
    }

    /** Replays every entry matching a filter body {@code {"error", "source", "limit"}}; returns what was replayed. */
    public String replayMatching(String body) throws SQLException {
        JsonNode filterNode = body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.read(body, JsonNode.class);
        int limit = filterNode.path("limit").asInt(100);
        Filter filter = new Filter(filterNode.path("error").asText(null), filterNode.path("source").asText(null));
        List<Map<String, Object>> replayed = new ArrayList<>();
        String next = null;
        while (replayed.size() < limit) {
            // Oldest first, so replayed requests keep their original order.
            List<StreamMessage<String, String>> batch = redis().xrange(key(),
                    Range.create(next == null ? "-" : "(" + next, "+"), Limit.from(100));
            if (batch.isEmpty()) {
                break;
            }
            for (StreamMessage<String, String> message : batch) {
                next = message.getId();
                if (filter.matches(view(message)) && replayed.size() < limit) {
                    replayed.add(replayOne(message));
                }
            }
        }
        return Json.write(Map.of("replayed", replayed, "count", replayed.size()));
    }

    public String delete(@Header("id") String id) {
        if (redis().xdel(key(), id) == 0) {
            throw new ApiException(404, "NOT_FOUND", "no dead-letter entry " + id, "id");
        }
        LOG.info("Dead-letter entry {} deleted", id);
        return Json.write(Map.of("id", id, "deleted", true));
    }

    private Map<String, Object> replayOne(StreamMessage<String, String> message) throws SQLException {
        Map<String, Object> entry = view(message);
        String origin = (String) entry.get("origin_stream");
        if (origin == null || !replayableStreams.contains(origin)) {
            throw new ApiException(409, "NOT_REPLAYABLE", "entry " + message.getId() + " has no stream to go back to", "id");
        }
        RedisStreamComponent component = streams.get();
        String newId = redis().xadd(component.keyOf(origin), Map.of("data", codec.reseal(String.valueOf(entry.get("payload")))));
        redis().xdel(key(), message.getId());
        String requestId = (String) entry.get("request_id");
        requestStore.markReplayed(requestId);
        if (requestId != null && origin.startsWith("validation_requests")) {
            requestStore.recordEntryIdsOf(List.of(requestId), List.of(newId));
        }
        LOG.info("Dead-letter entry {} (request {}) replayed to {} as {}", message.getId(), requestId, origin, newId);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", message.getId());
        result.put("request_id", requestId);
        result.put("replayed_to", origin);
        result.put("entry_id", newId);
        return result;
    }

    private StreamMessage<String, String> find(String id) {
        List<StreamMessage<String, String>> found;
        try {
            found = redis().xrange(key(), Range.create(id, id));
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            throw new ApiException(400, "INVALID_VALUE", "not a stream entry id: " + id, "id");
        }
        if (found.isEmpty()) {
            throw new ApiException(404, "NOT_FOUND", "no dead-letter entry " + id, "id");
        }
        return found.get(0);
    }

    /**
     * The DLQ entry as ops see it: its id, the fields written by {@link DeadLetters}, the payload's source and the key
     * it is sealed with; the payload as stored (sealed).
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> view(StreamMessage<String, String> message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", message.getId());
        String data = message.getBody().get("data");
        try {
            entry.putAll(Json.MAPPER.readValue(data, Map.class));
        } catch (java.io.IOException | IllegalArgumentException e) {
            entry.put("payload", data);
        }
        Object payload = entry.get("payload");
        if (payload instanceof String text) {
            try {
                JsonNode source = Json.MAPPER.readTree(text).get("source");
                entry.put("source", source == null ? null : source.asText());
            } catch (java.io.IOException e) {
                entry.put("source", null);
            }
            entry.put("sealed_with", codec.sealingKeyIdOf(text));
        }
        return entry;
    }

    /** The entry with its payload opened; one that cannot be opened stays sealed, and says why. */
    private Map<String, Object> opened(Map<String, Object> entry) {
        if (entry.get("sealed_with") instanceof String && entry.get("payload") instanceof String payload) {
            Map<String, Object> shown = new LinkedHashMap<>(entry);
            try {
                shown.put("payload", codec.reveal(payload));
            } catch (MalformedMessageException e) {
                shown.put("payload_unreadable", e.errorCode());
            }
            return shown;
        }
        return entry;
    }

    private RedisStreamCommands<String, String> redis() {
        return streams.get().connections().shared().streams();
    }

    private String key() {
        return streams.get().keyOf(dlqStream);
    }

    /** Listing filter: error text contained in the error (case-insensitive) and/or exact source. */
    private record Filter(String error, String source) {
        boolean matches(Map<String, Object> entry) {
            if (error != null && !error.isBlank()) {
                Object text = entry.get("error");
                Object code = entry.get("error_code");
                String haystack = (text == null ? "" : text.toString()) + " " + (code == null ? "" : code.toString());
                if (!haystack.toLowerCase().contains(error.toLowerCase())) {
                    return false;
                }
            }
            return source == null || source.isBlank() || source.equals(entry.get("source"));
        }
    }
}
