package com.rateplatform.gateway.message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import com.rateplatform.gateway.crypto.PayloadCipher;
import com.rateplatform.gateway.crypto.Sealed;
import com.rateplatform.gateway.crypto.UnreadablePayloadException;

/**
 * The one place messages become stream entries and back. The personal part of each message — a request's {@code data}
 * (the items: names, phones, accounts, metadata), a response's {@code results} (details with names, E.164 phones,
 * accounts) — travels sealed ({@link PayloadCipher}: {@code {"kid", "iv", "ct"}}, bound to the entry's
 * {@code request_id} and to the field); the rest (request_id, source, user_id, action, priority, callback_config,
 * timestamp, batch_id, status, processing_time_ms) stays in clear for routing and operations.
 *
 * <p>An entry that cannot be read throws {@link MalformedMessageException} with a code the dead letter reports:
 * {@code MALFORMED_ENTRY}, {@code PAYLOAD_NOT_SEALED}, {@code PAYLOAD_KEY_UNKNOWN} or {@code PAYLOAD_TAMPERED}.
 */
public class MessageCodec {

    /** The sealed field of a request entry. */
    public static final String REQUEST_SEALED_FIELD = "data";
    /** The sealed field of a response entry. */
    public static final String RESPONSE_SEALED_FIELD = "results";
    private static final List<String> SEALED_FIELDS = List.of(REQUEST_SEALED_FIELD, RESPONSE_SEALED_FIELD);
    private static final JavaType DATA = Json.MAPPER.constructType(RequestData.class);
    private static final JavaType RESULTS = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, ItemResult.class);

    private final PayloadCipher cipher;

    public MessageCodec(PayloadCipher cipher) {
        this.cipher = cipher;
    }

    /** Requests to their stream entries, in order (the body of a pipelined XADD). */
    public List<String> encodeRequests(List<RequestMessage> requests) {
        List<String> entries = new ArrayList<>(requests.size());
        for (RequestMessage request : requests) {
            entries.add(encodeRequest(request));
        }
        return entries;
    }

    public String encodeRequest(RequestMessage request) {
        Sealed data = request.data() == null ? null
                : cipher.seal(bytes(request.data()), request.requestId(), REQUEST_SEALED_FIELD);
        return Json.write(RequestEntry.of(request, data));
    }

    public RequestMessage decodeRequest(String entry) {
        RequestEntry read = read(entry, RequestEntry.class, "request");
        RequestData data = read.data() == null ? null
                : read(open(read.data(), read.requestId(), REQUEST_SEALED_FIELD), DATA);
        return read.toMessage(data);
    }

    public String encodeResponse(ResponseMessage response) {
        Sealed results = response.results() == null ? null
                : cipher.seal(bytes(response.results()), response.requestId(), RESPONSE_SEALED_FIELD);
        return Json.write(ResponseEntry.of(response, results));
    }

    public ResponseMessage decodeResponse(String entry) {
        ResponseEntry read = read(entry, ResponseEntry.class, "response");
        List<ItemResult> results = read.results() == null ? null
                : read(open(read.results(), read.requestId(), RESPONSE_SEALED_FIELD), RESULTS);
        return read.toMessage(results);
    }

    /**
     * An entry of any stream as JSON text with its sealed field opened (the message as the client sent it or will
     * receive it): what push sends, and what the dead-letter API shows a caller with {@code monitoring:write}.
     */
    public String reveal(String entry) {
        ObjectNode node = object(entry);
        String requestId = requestIdOf(node);
        for (String field : SEALED_FIELDS) {
            Sealed sealed = sealedIn(node.get(field));
            if (sealed != null) {
                node.putRawValue(field, new RawValue(new String(open(sealed, requestId, field), StandardCharsets.UTF_8)));
            }
        }
        return Json.write(node);
    }

    /**
     * The entry with whatever personal field it holds in clear sealed, for the dead-letter stream (which keeps the
     * payload of entries that failed, some written by others or by a version without encryption). Text that is not a
     * JSON object is returned as it is.
     */
    public String sealClearFields(String entry) {
        ObjectNode node;
        try {
            node = object(entry);
        } catch (MalformedMessageException e) {
            return entry;
        }
        String requestId = requestIdOf(node);
        boolean changed = false;
        for (String field : SEALED_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && sealedIn(value) == null) {
                node.set(field, Json.MAPPER.valueToTree(cipher.seal(bytes(value), requestId, field)));
                changed = true;
            }
        }
        return changed ? Json.write(node) : entry;
    }

    /**
     * The entry sealed anew with the current sealing key (a dead letter replayed after a key rotation, or one that was
     * in clear); unchanged when it cannot be opened, so that it fails again with its own error.
     */
    public String reseal(String entry) {
        try {
            return sealClearFields(reveal(entry));
        } catch (MalformedMessageException e) {
            return entry;
        }
    }

    /** The id of the key an entry's payload is sealed with; null when nothing in it is sealed or it is not JSON. */
    public String sealingKeyIdOf(String entry) {
        try {
            ObjectNode node = object(entry);
            for (String field : SEALED_FIELDS) {
                Sealed sealed = sealedIn(node.get(field));
                if (sealed != null) {
                    return sealed.kid();
                }
            }
        } catch (MalformedMessageException e) {
            // not JSON: nothing sealed
        }
        return null;
    }

    private byte[] open(Sealed sealed, String requestId, String field) {
        if (!sealed.isComplete()) {
            throw new MalformedMessageException(MalformedMessageException.PAYLOAD_NOT_SEALED, "the " + field + " of request "
                    + requestId + " is not sealed (written without stream encryption, or not by this application)", null);
        }
        try {
            return cipher.open(sealed, requestId, field);
        } catch (UnreadablePayloadException e) {
            throw new MalformedMessageException(e.errorCode(), e.getMessage(), e);
        }
    }

    /** A sealed object {@code {"kid", "iv", "ct"}}, or null for any other value. */
    private static Sealed sealedIn(JsonNode value) {
        if (value == null || !value.isObject() || !value.path("kid").isTextual() || !value.path("iv").isTextual()
            || !value.path("ct").isTextual()) {
            return null;
        }
        try {
            return Json.MAPPER.treeToValue(value, Sealed.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedMessageException(UnreadablePayloadException.TAMPERED, "a sealed value is not base64", e);
        }
    }

    private static String requestIdOf(ObjectNode node) {
        JsonNode id = node.get("request_id");
        return id != null && id.isTextual() ? id.textValue() : null;
    }

    private static ObjectNode object(String entry) {
        JsonNode node;
        try {
            node = entry == null ? null : Json.MAPPER.readTree(entry);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("Not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new MalformedMessageException("Not a JSON object", null);
        }
        return object;
    }

    private static <T> T read(String entry, Class<T> type, String kind) {
        if (entry == null) {
            throw new MalformedMessageException("An empty " + kind + " entry", null);
        }
        try {
            return Json.MAPPER.readValue(entry, type);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("Not a valid " + kind + " entry: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(byte[] clear, JavaType type) {
        try {
            return Json.MAPPER.readValue(clear, type);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("A sealed value opened, but is not a valid " + type.getRawClass().getSimpleName()
                                                + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serializable as JSON: " + value.getClass().getSimpleName(), e);
        }
    }
}
