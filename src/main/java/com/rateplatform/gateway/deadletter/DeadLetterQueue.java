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

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.contract.QueryParameters;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MalformedMessageException;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.persistence.RequestStore;
import com.rateplatform.gateway.security.AuditLog;
import com.rateplatform.gateway.security.PiiMasker;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * What ops do with {@code validation_dlq}: list it (newest first, paged, filtered: see {@link DeadLetterFilter}), look
 * at one entry, replay an entry to the stream it came from (the entry leaves the DLQ and its request is pending again),
 * or delete it. Phone and account numbers are masked for callers without {@code monitoring:write}. Every replay and
 * delete is written to the audit log before it is done, so no change goes unrecorded.
 *
 * <p>The DLQ is a stream: filters are applied while reading it, newest first for a listing and oldest first for a
 * replay by filter, and one call reads at most {@code maxScan} entries (within the time range, when one is given).
 * A listing that stops there says so with a {@code next_cursor} to go on from.
 *
 * <p>Payloads stay sealed in the stream. The listing and the detail open them for a caller with
 * {@code monitoring:write} (who may replay them anyway); anyone else sees the sealed object, and whatever is in clear
 * masked. Each entry names the key its payload is sealed with ({@code sealed_with}), so entries under a key about to be
 * retired can be found; a replay seals the payload anew with the current key.
 */
public class DeadLetterQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    /** Entries read per XRANGE / XREVRANGE round trip while filtering. */
    private static final int READ_BATCH = 200;

    private final Supplier<RedisStreamComponent> streams;
    private final String dlqStream;
    private final Set<String> replayableStreams;
    private final RequestStore requestStore;
    private final AuditLog auditLog;
    private final MessageCodec codec;
    private final int maxPageSize;
    private final int maxScan;

    public DeadLetterQueue(Supplier<RedisStreamComponent> streams, String dlqStream, Set<String> replayableStreams,
                           RequestStore requestStore, AuditLog auditLog, MessageCodec codec, int maxPageSize, int maxScan) {
        this.streams = streams;
        this.dlqStream = dlqStream;
        this.replayableStreams = replayableStreams;
        this.requestStore = requestStore;
        this.auditLog = auditLog;
        this.codec = codec;
        this.maxPageSize = maxPageSize;
        this.maxScan = maxScan;
    }

    /**
     * A page of entries, newest first: {@code {"entries": [...], "next_cursor": id|null, "scanned": n}}. The page ends
     * when it is full or when {@code maxScan} entries have been read; {@code next_cursor} is null only when the stream
     * (or the time range) has no older entry left to read.
     */
    public String list(@Header("limit") Integer limit, @Header("cursor") String cursor, @Header("error") String error,
                       @Header("error_code") String errorCode, @Header("source") String source,
                       @Header("request_id") String requestId, @Header("from") String from, @Header("to") String to,
                       @Header("q") String text,
                       @ExchangeProperty(ExchangeProperties.CALLER_SCOPES) Set<String> callerScopes) {
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, maxPageSize));
        DeadLetterFilter filter = DeadLetterFilter.of(error, errorCode, source, requestId, from, to, text);
        String lowest = filter.lowest();
        String highest = filter.highestBelow(QueryParameters.text(cursor));
        List<Map<String, Object>> page = new ArrayList<>();
        String next = null;
        int scanned = 0;
        boolean exhausted = false;
        while (page.size() < size && scanned < maxScan) {
            int want = Math.min(READ_BATCH, maxScan - scanned);
            List<StreamMessage<String, String>> batch = redis().xrevrange(key(), Range.create(lowest, highest), Limit.from(want));
            for (StreamMessage<String, String> message : batch) {
                scanned++;
                next = message.getId();
                Map<String, Object> entry = view(message);
                if (filter.matches(entry)) {
                    page.add(shownTo(callerScopes, entry));
                    if (page.size() == size) {
                        break;
                    }
                }
            }
            if (page.size() == size) {
                break;
            }
            if (batch.size() < want) {
                exhausted = true;
                break;
            }
            highest = "(" + next;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("entries", page);
        reply.put("next_cursor", exhausted ? null : next);
        reply.put("scanned", scanned);
        return PiiMasker.maskedFor(callerScopes, Json.write(reply));
    }

    /** One entry, as in the listing, its payload also given as JSON ({@code payload_json}) when it is JSON. */
    public String detail(@Header("id") String id,
                         @ExchangeProperty(ExchangeProperties.CALLER_SCOPES) Set<String> callerScopes) {
        Map<String, Object> entry = shownTo(callerScopes, view(find(id)));
        if (entry.get("payload") instanceof String payload) {
            try {
                entry.put("payload_json", Json.MAPPER.readTree(payload));
            } catch (java.io.IOException e) {
                entry.put("payload_json", null);
            }
        }
        return PiiMasker.maskedFor(callerScopes, Json.write(entry));
    }

    /**
     * A dead letter on its way back to the stream it came from (the route dlq-replay sends {@link #payload()} there).
     *
     * @param dlqId     its id in the dead-letter stream
     * @param origin    the stream it came from: one of the replayable streams
     * @param requestId its request, when the payload names one
     * @param payload   the payload, sealed anew with the current key
     */
    public record Replay(String dlqId, String origin, String requestId, String payload) {
    }

    /**
     * The dead letters a filter matched, on their way back.
     *
     * @param replays       the replayable ones, oldest first
     * @param notReplayable matching entries with no stream to go back to (a dead webhook delivery): left in the DLQ
     * @param scanned       entries read
     * @param complete      whether the end of the stream (or range) was reached; false when {@code maxScan} stopped it
     */
    public record ReplaysMatching(List<Replay> replays, List<Map<String, Object>> notReplayable, int scanned,
                                  boolean complete) {
    }

    /** Replay of one entry, step 1: the entry, which must have a stream to go back to (else 409); audited. */
    public Replay replayOf(@Header("id") String id, @ExchangeProperty(ExchangeProperties.CALLER) String caller)
            throws SQLException {
        StreamMessage<String, String> message = find(id);
        Map<String, Object> entry = view(message);
        if (!replayable(entry)) {
            throw new ApiException(409, "NOT_REPLAYABLE", "entry " + id + " has no stream to go back to", "id");
        }
        audit(caller, AuditLog.DLQ_REPLAY, entry, Map.of());
        return replayOf(message, entry);
    }

    /**
     * Replay by filter, step 1: the entries matching a filter body ({@code {"error", "error_code", "source",
     * "request_id", "from", "to", "q", "limit"}}, limit 100 by default), oldest first so replayed requests keep their
     * order; each audited. Call again to go on when the scan was not complete.
     */
    public ReplaysMatching replaysMatching(String body, @ExchangeProperty(ExchangeProperties.CALLER) String caller)
            throws SQLException {
        JsonNode filterNode = body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.read(body, JsonNode.class);
        int limit = filterNode.path("limit").asInt(100);
        DeadLetterFilter filter = DeadLetterFilter.of(filterNode);
        Map<String, Object> byFilter = Map.of("filter", filter.describe());
        List<Replay> replays = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        String lowest = filter.lowest();
        String highest = filter.highest();
        int scanned = 0;
        boolean complete = false;
        while (replays.size() < limit && scanned < maxScan) {
            int want = Math.min(READ_BATCH, maxScan - scanned);
            List<StreamMessage<String, String>> batch = redis().xrange(key(), Range.create(lowest, highest), Limit.from(want));
            for (StreamMessage<String, String> message : batch) {
                scanned++;
                lowest = "(" + message.getId();
                Map<String, Object> entry = view(message);
                if (filter.matches(entry) && !replayable(entry)) {
                    skipped.add(Map.of("id", message.getId(), "origin_stream", String.valueOf(entry.get("origin_stream"))));
                } else if (filter.matches(entry)) {
                    audit(caller, AuditLog.DLQ_REPLAY, entry, byFilter);
                    replays.add(replayOf(message, entry));
                    if (replays.size() == limit) {
                        break;
                    }
                }
            }
            if (batch.size() < want) {
                complete = true;
                break;
            }
        }
        return new ReplaysMatching(replays, skipped, scanned, complete);
    }

    /**
     * Replay, step 2, once the payload is back on its stream as {@code entryId}: the entry leaves the DLQ and its
     * request is pending again.
     *
     * @return {@code {"id", "request_id", "replayed_to", "entry_id"}}
     */
    public Map<String, Object> replayed(Replay replay, String entryId) throws SQLException {
        redis().xdel(key(), replay.dlqId());
        String requestId = replay.requestId();
        requestStore.markReplayed(requestId);
        if (requestId != null && replay.origin().startsWith("validation_requests")) {
            requestStore.recordEntryIdsOf(List.of(requestId), List.of(entryId));
        }
        LOG.info("Dead-letter entry {} (request {}) replayed to {} as {}", replay.dlqId(), requestId, replay.origin(), entryId);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", replay.dlqId());
        result.put("request_id", requestId);
        result.put("replayed_to", replay.origin());
        result.put("entry_id", entryId);
        return result;
    }

    /** The answer to a replay of one entry: what {@link #replayed} returned. */
    public String replayedReply(Map<String, Object> replayed) {
        return Json.write(replayed);
    }

    /**
     * The answer to a replay by filter: {@code {"replayed": [...], "count", "not_replayable": [...], "scanned",
     * "scan_complete"}}. {@code scan_complete} is false when {@code maxScan} entries were read before the end of the
     * stream (or range): call again to go on.
     *
     * @param replayed what {@link #replayed} returned for each of {@code matching}'s replays, in their order
     */
    public String replayedMatchingReply(ReplaysMatching matching, List<Map<String, Object>> replayed) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("replayed", replayed);
        reply.put("count", replayed.size());
        reply.put("not_replayable", matching.notReplayable());
        reply.put("scanned", matching.scanned());
        reply.put("scan_complete", matching.complete());
        return Json.write(reply);
    }

    public String delete(@Header("id") String id, @ExchangeProperty(ExchangeProperties.CALLER) String caller)
            throws SQLException {
        StreamMessage<String, String> message = find(id);
        audit(caller, AuditLog.DLQ_DELETE, view(message), Map.of());
        if (redis().xdel(key(), message.getId()) == 0) {
            throw new ApiException(404, "NOT_FOUND", "no dead-letter entry " + id, "id");
        }
        LOG.info("Dead-letter entry {} deleted by {}", id, caller);
        return Json.write(Map.of("id", message.getId(), "deleted", true));
    }

    private boolean replayable(Map<String, Object> entry) {
        Object origin = entry.get("origin_stream");
        return origin != null && replayableStreams.contains(origin);
    }

    /** Who acts on which entry: its id, where it came from and its request (never its payload). */
    private void audit(String caller, String action, Map<String, Object> entry, Map<String, Object> extra) throws SQLException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("origin_stream", entry.get("origin_stream"));
        details.put("request_id", entry.get("request_id"));
        details.put("error_code", entry.get("error_code"));
        details.putAll(extra);
        auditLog.record(caller, action, (String) entry.get("id"), details);
    }

    private Replay replayOf(StreamMessage<String, String> message, Map<String, Object> entry) {
        return new Replay(message.getId(), (String) entry.get("origin_stream"), (String) entry.get("request_id"),
                codec.reseal(String.valueOf(entry.get("payload"))));
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
     * The DLQ entry as ops see it: its id, the fields written by {@link DeadLetters}, the payload's source and caller
     * ({@code user_id}, in clear in a sealed payload) when the payload says, and the key it is sealed with; the payload
     * as stored (sealed).
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
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(text);
            } catch (java.io.IOException e) {
                parsed = null;
            }
            entry.put("source", textField(parsed, "source"));
            entry.put("user_id", textField(parsed, "user_id"));
            entry.put("sealed_with", codec.sealingKeyIdOf(text));
        }
        return entry;
    }

    /** The entry with its payload opened for a caller who may act on it ({@code monitoring:write}); else as stored. */
    private Map<String, Object> shownTo(Set<String> callerScopes, Map<String, Object> entry) {
        boolean mayAct = callerScopes != null && callerScopes.contains(Scopes.MONITORING_WRITE);
        return mayAct ? opened(entry) : entry;
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

    private static String textField(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private RedisStreamCommands<String, String> redis() {
        return streams.get().connections().shared().streams();
    }

    private String key() {
        return streams.get().keyOf(dlqStream);
    }
}
