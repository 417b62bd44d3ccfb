package com.rateplatform.gateway.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.message.CallbackConfig;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;

/**
 * Reads an HTTP body into request messages: checks its shape (naming the field at fault), fills in what the gateway
 * sets ({@code request_id} when absent, {@code source}, {@code user_id}, {@code timestamp}, missing {@code item_id}s)
 * and builds the 202 answer.
 *
 * <p>The body is read from its bytes: they must be one UTF-8 JSON value and nothing after it, without repeated keys,
 * nested at most {@code maxJsonDepth} deep; no string in it (metadata included) may hold a control character or half
 * a surrogate pair, which PostgreSQL and the streams would refuse or corrupt later.
 */
public class RequestIntake {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    // Parts of Jackson's messages that name its internals: "(start marker at [Source: REDACTED (`StreamReadFeature…`
    // disabled); line: 1, column: 5])", ": enable `JsonReadFeature.…` to allow", "(not recognized as one since Feature …)".
    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\(start marker at \\[Source: [^\\]]*line: (\\d+), column: (\\d+)\\]\\)");
    private static final Pattern JACKSON_HINT = Pattern.compile(
            ":? ?enable `[^`]*` to allow| ?\\(not recognized as one since Feature '[^']*' not enabled for parser\\)");
    private static final Set<String> PRIORITIES = Set.of("high", "normal", "low");

    private final Ids ids;
    private final Clock clock;
    private final int maxItems;
    private final int maxBatchRequests;
    private final int maxJsonDepth;
    private final ItemShape itemShape;
    private final Map<Source, String> responseStreams;
    private final ObjectReader bodyReader;
    private final IntakeListener listener;

    public RequestIntake(Ids ids, Clock clock, int maxItems, int maxBatchRequests, int maxFieldLength, int maxJsonDepth,
                         Map<Source, String> responseStreams) {
        this(ids, clock, maxItems, maxBatchRequests, maxFieldLength, maxJsonDepth, responseStreams, IntakeListener.NONE);
    }

    /** @param listener told of the requests each 202 accepts */
    public RequestIntake(Ids ids, Clock clock, int maxItems, int maxBatchRequests, int maxFieldLength, int maxJsonDepth,
                         Map<Source, String> responseStreams, IntakeListener listener) {
        this.listener = listener;
        this.ids = ids;
        this.clock = clock;
        this.maxItems = maxItems;
        this.maxBatchRequests = maxBatchRequests;
        this.maxJsonDepth = maxJsonDepth;
        this.itemShape = new ItemShape(maxFieldLength);
        this.responseStreams = responseStreams;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxJsonDepth).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.bodyReader = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();
    }

    /** One request per body. */
    public List<RequestMessage> parseSingle(@Body byte[] body, @ExchangeProperty(ExchangeProperties.SOURCE) String source,
                                            @ExchangeProperty(ExchangeProperties.CALLER) String caller) {
        return List.of(toRequest(readObject(body), "", Source.of(source), caller));
    }

    /** A body {@code {"requests": [ ... ]}} of several requests. */
    public List<RequestMessage> parseBatch(@Body byte[] body, @ExchangeProperty(ExchangeProperties.SOURCE) String source,
                                           @ExchangeProperty(ExchangeProperties.CALLER) String caller) {
        JsonNode root = readObject(body);
        JsonNode requests = root.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            throw ApiException.badRequest("FIELD_REQUIRED", "requests must be a non-empty array", "requests");
        }
        if (requests.size() > maxBatchRequests) {
            throw new ApiException(413, "TOO_MANY_REQUESTS_IN_BATCH",
                    "a batch holds at most " + maxBatchRequests + " requests", "requests");
        }
        List<RequestMessage> messages = new ArrayList<>(requests.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            String path = "requests[" + i + "].";
            JsonNode node = requests.get(i);
            if (!node.isObject()) {
                throw ApiException.badRequest("INVALID_TYPE", "must be an object", "requests[" + i + "]");
            }
            RequestMessage message = toRequest(node, path, Source.of(source), caller);
            if (!seen.add(message.requestId())) {
                throw ApiException.badRequest("DUPLICATE_REQUEST_ID", "request_id repeats within the batch", path + "request_id");
            }
            messages.add(message);
        }
        return messages;
    }

    /**
     * The 202 body: {@code {"request_id", "status"}} for one request, {@code {"requests": [...]}} for a batch. The
     * requests are stored and published by now: each is counted as accepted.
     */
    public String acceptedReply(@ExchangeProperty(ExchangeProperties.ACCEPTED_REQUESTS) List<RequestMessage> accepted,
                                @ExchangeProperty(ExchangeProperties.BATCH) Boolean batch) {
        List<Map<String, Object>> replies = new ArrayList<>(accepted.size());
        for (RequestMessage request : accepted) {
            listener.accepted(request.source(), request.action(), request.priority(), 1);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("request_id", request.requestId());
            reply.put("status", "processing");
            replies.add(reply);
        }
        return Json.write(Boolean.TRUE.equals(batch) ? Map.of("requests", replies) : replies.get(0));
    }

    /**
     * The 409 for request ids already on record for different requests: names the (first) field at fault, and for a
     * batch every conflicting id; nothing of the call was stored.
     *
     * @param accepted the requests of the call, in body order (the {@link ExchangeProperties#ACCEPTED_REQUESTS}); may
     *                 be null
     */
    public static ApiException requestIdConflict(List<String> conflicting, List<RequestMessage> accepted, Boolean batch) {
        String first = conflicting.get(0);
        String field = "request_id";
        if (Boolean.TRUE.equals(batch) && accepted != null) {
            for (int i = 0; i < accepted.size(); i++) {
                if (accepted.get(i).requestId().equals(first)) {
                    field = "requests[" + i + "].request_id";
                    break;
                }
            }
        }
        String message = "request_id " + first + " was already used for a different request (other items, action, priority,"
                         + " webhook URL, endpoint or caller); send it with a new request_id. The same request sent again is"
                         + " answered as the first time." + (Boolean.TRUE.equals(batch) ? " Nothing of this batch was stored." : "");
        ApiException conflict = new ApiException(409, "REQUEST_ID_CONFLICT", message, field);
        return Boolean.TRUE.equals(batch) ? conflict.withDetail("request_ids", conflicting) : conflict;
    }

    private JsonNode readObject(byte[] body) {
        if (isBlank(body)) {
            throw ApiException.badRequest("EMPTY_BODY", "the request body is empty; send a JSON object", null);
        }
        JsonNode root;
        try {
            root = bodyReader.readTree(body);
        } catch (StreamConstraintsException e) {
            // Jackson's own message names its internals; say which limit in our words.
            String limit = e.getMessage() != null && e.getMessage().contains("nesting depth")
                    ? "nested deeper than " + maxJsonDepth + " levels" : "a number or name longer than allowed";
            throw ApiException.badRequest("MALFORMED_JSON", "JSON " + limit + where(e.getLocation()), null);
        } catch (JsonParseException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "malformed JSON" + where(e.getLocation()) + ": "
                                                            + inPlainWords(e.getOriginalMessage()), null);
        } catch (JsonProcessingException e) {
            // Content after the value (FAIL_ON_TRAILING_TOKENS); Jackson's message would name its classes.
            throw ApiException.badRequest("MALFORMED_JSON", "malformed JSON" + where(e.getLocation())
                                                            + ": the body must be exactly one JSON value", null);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading a byte array cannot fail otherwise", e);
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("INVALID_TYPE", "the body must be a JSON object", null);
        }
        return root;
    }

    private RequestMessage toRequest(JsonNode node, String path, Source source, String caller) {
        String requestId = optionalText(node, "request_id", path);
        if (requestId == null) {
            requestId = ids.next().toString();
        } else if (!REQUEST_ID.matcher(requestId).matches()) {
            throw ApiException.badRequest("INVALID_VALUE", "request_id must be 1 to 64 letters, digits or . _ : -",
                    path + "request_id");
        }
        String action = optionalText(node, "action", path);
        if (action == null) {
            action = source.defaultAction();
        } else if (!source.actions().contains(action)) {
            throw ApiException.badRequest("INVALID_VALUE", "action must be one of " + source.actions(), path + "action");
        }
        String priority = optionalText(node, "priority", path);
        if (priority == null) {
            priority = "normal";
        } else if (!PRIORITIES.contains(priority)) {
            throw ApiException.badRequest("INVALID_VALUE", "priority must be one of high, normal, low", path + "priority");
        }
        List<Item> items = items(node, path);
        String webhookUrl = null;
        JsonNode callback = node.get("callback_config");
        if (callback != null && !callback.isNull()) {
            if (!callback.isObject()) {
                throw ApiException.badRequest("INVALID_TYPE", "must be an object", path + "callback_config");
            }
            webhookUrl = optionalText(callback, "webhook_url", path + "callback_config.");
        }
        return new RequestMessage(requestId, source.id(), caller == null ? "anonymous" : caller, action,
                new RequestData(items), priority, new CallbackConfig(responseStreams.get(source), webhookUrl),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString());
    }

    private static boolean isBlank(byte[] body) {
        if (body != null) {
            for (byte b : body) {
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    return false;
                }
            }
        }
        return true;
    }

    private static String inPlainWords(String jacksonMessage) {
        String located = JACKSON_SOURCE.matcher(jacksonMessage).replaceAll("(opened at line $1, column $2)");
        return JACKSON_HINT.matcher(located).replaceAll("");
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private List<Item> items(JsonNode node, String path) {
        JsonNode data = node.get("data");
        if (data == null || !data.isObject()) {
            throw ApiException.badRequest("FIELD_REQUIRED", "data must be an object with an items array", path + "data");
        }
        JsonNode array = data.get("items");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw ApiException.badRequest("FIELD_REQUIRED", "data.items must be a non-empty array", path + "data.items");
        }
        if (array.size() > maxItems) {
            throw new ApiException(413, "TOO_MANY_ITEMS", "a request holds at most " + maxItems + " items", path + "data.items");
        }
        List<Item> items = new ArrayList<>(array.size());
        Set<String> itemIds = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String itemPath = path + "data.items[" + i + "]";
            Item item = itemShape.item(array.get(i), itemPath, i + 1);
            if (!itemIds.add(item.itemId())) {
                throw ApiException.badRequest("DUPLICATE_ITEM_ID", "item_id repeats within the request", itemPath + ".item_id");
            }
            items.add(item);
        }
        return items;
    }

    /** A request-level text field, held to the same type and length rules as the items' fields. */
    private String optionalText(JsonNode node, String field, String path) {
        return itemShape.text(node, field, path);
    }
}
