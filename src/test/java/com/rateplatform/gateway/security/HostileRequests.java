package com.rateplatform.gateway.security;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.rateplatform.gateway.message.Json;

/**
 * Generates requests that are each wrong in at least one way — wrong types, huge strings, deep nesting, invalid
 * UTF-8, broken JSON, SQL and script fragments where they are not allowed, bad credentials — from a seed, so a failure
 * can be replayed. None of them may be accepted.
 */
final class HostileRequests {

    /** One request: what it tries, and what to send. */
    record Case(String description, String method, String path, Map<String, String> headers, byte[] body) {

        @Override
        public String toString() {
            return method + " " + path + " — " + description;
        }
    }

    /** Strings that must never reach a place that would interpret them. None is a valid request_id, action or priority. */
    static final List<String> FRAGMENTS = List.of(
            "' OR '1'='1", "'; DROP TABLE validation_requests; --", "1; SELECT pg_sleep(10) --", "\" OR \"\"=\"",
            "admin'--", "' UNION SELECT token_hash FROM api_tokens --", "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>", "javascript:alert(document.cookie)", "${jndi:ldap://127.0.0.1:1389/a}",
            "{{7*7}}", "%s%s%s%n%x", "../../../../etc/passwd", "\u202Egnp.exe", "😀💥 Nguyễn", "Robert'); DROP TABLE--",
            "XADD validation_requests * data x", "\r\nSet-Cookie: evil=1", "*/alert(1)/*", "<!--#exec cmd=\"ls\"-->");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ITEM_TEXT_FIELDS = List.of("item_id", "name", "phone", "bank_account", "bank_code");

    private final Random random;
    private final String authorization;

    HostileRequests(long seed, String authorization) {
        this.random = new Random(seed);
        this.authorization = authorization;
    }

    /** {@code perKind} cases of every kind, shuffled. */
    List<Case> generate(int perKind) {
        List<Function<Random, Case>> kinds = List.of(this::wrongType, this::fragmentInCheckedField, this::fragmentInWebhook,
                this::hugeString, this::deepNesting, this::invalidUtf8, this::brokenJson, this::controlCharacter,
                this::loneSurrogate, this::repeatedKey, this::hugeNumber, this::wrongShape, this::wrongContentType,
                this::badCredentials, this::fragmentInStatusPath, this::tooMany);
        List<Case> cases = new ArrayList<>();
        for (Function<Random, Case> kind : kinds) {
            for (int i = 0; i < perKind; i++) {
                cases.add(kind.apply(random));
            }
        }
        cases.add(oversizedBody());
        Collections.shuffle(cases, random);
        return cases;
    }

    private Case wrongType(Random r) {
        ObjectNode body = validBody();
        ObjectNode item = (ObjectNode) body.get("data").get("items").get(0);
        switch (r.nextInt(7)) {
            case 0 -> body.set("request_id", nonString(r));
            case 1 -> body.set(pick(r, List.of("action", "priority")), nonString(r));
            case 2 -> body.set("data", NODES.textNode(fragment(r)));
            case 3 -> ((ObjectNode) body.get("data")).set("items", NODES.objectNode().put("0", fragment(r)));
            case 4 -> ((ArrayNode) body.get("data").get("items")).set(0, nonString(r));
            case 5 -> item.set(pick(r, ITEM_TEXT_FIELDS), nonString(r));
            default -> body.set("callback_config", r.nextBoolean() ? NODES.textNode(fragment(r))
                    : NODES.objectNode().set("webhook_url", nonString(r)));
        }
        return post("a wrong type", body);
    }

    private Case fragmentInCheckedField(Random r) {
        ObjectNode body = validBody();
        String field = pick(r, List.of("request_id", "action", "priority"));
        body.put(field, fragment(r));
        return post("a fragment as " + field, body);
    }

    private Case fragmentInWebhook(Random r) {
        ObjectNode body = validBody();
        String url = switch (r.nextInt(4)) {
            case 0 -> fragment(r);
            case 1 -> "http://93.184.216.34/" + fragment(r);
            case 2 -> "https://" + pick(r, List.of("127.0.0.1", "10.0.0.7", "169.254.169.254", "[::1]", "localhost")) + "/hook";
            default -> "https://user:pass@93.184.216.34/" + URLEncoder.encode(fragment(r), StandardCharsets.UTF_8);
        };
        body.set("callback_config", NODES.objectNode().put("webhook_url", url));
        return post("a refused webhook URL", body);
    }

    private Case hugeString(Random r) {
        ObjectNode body = validBody();
        String fragment = fragment(r);
        int length = 257 + r.nextInt(20_000);
        String huge = fragment.repeat(length / fragment.length() + 1).substring(0, length);
        ObjectNode item = (ObjectNode) body.get("data").get("items").get(0);
        if (r.nextBoolean()) {
            item.put(pick(r, ITEM_TEXT_FIELDS), huge);
        } else {
            body.put(pick(r, List.of("request_id", "action", "priority")), huge);
        }
        return post("a huge string", body);
    }

    private Case deepNesting(Random r) {
        int depth = 33 + r.nextInt(5000);
        String open = r.nextBoolean() ? "[" : "{\"k\":";
        String close = open.equals("[") ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(depth);
        String json = r.nextBoolean()
                ? "{\"data\": {\"items\": [{\"metadata\": " + nested + "}]}}"
                : nested;
        return post("nesting " + depth + " deep", json.getBytes(StandardCharsets.UTF_8));
    }

    private Case invalidUtf8(Random r) {
        byte[][] sequences = { { (byte) 0xFF }, { (byte) 0xC0, (byte) 0x80 }, { (byte) 0x80 }, { (byte) 0xE2, (byte) 0x82 },
                { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 } };
        byte[] bad = sequences[r.nextInt(sequences.length)];
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] prefix = "{\"data\": {\"items\": [{\"name\": \"Nguy".getBytes(StandardCharsets.UTF_8);
        body.write(prefix, 0, prefix.length);
        body.write(bad, 0, bad.length);
        byte[] suffix = "n\", \"phone\": \"0912345678\"}]}}".getBytes(StandardCharsets.UTF_8);
        body.write(suffix, 0, suffix.length);
        return post("invalid UTF-8", body.toByteArray());
    }

    private Case brokenJson(Random r) {
        String valid = Json.write(validBody());
        String broken = switch (r.nextInt(6)) {
            case 0 -> valid.substring(0, 1 + r.nextInt(valid.length() - 2));
            case 1 -> valid + pick(r, List.of("}", "]", ",", "x", " {}", fragment(r)));
            case 2 -> valid.replace("\"data\"", "data");
            case 3 -> valid.replace('"', '\'');
            case 4 -> valid.replace("\"0912345678\"", pick(r, List.of("NaN", "Infinity", "0912345678", "undefined", "0x1F")));
            default -> "/* " + fragment(r) + " */" + valid;
        };
        return post("broken JSON", broken.getBytes(StandardCharsets.UTF_8));
    }

    private Case controlCharacter(Random r) {
        char control = (char) pick(r, List.of(0, 1, 7, 8, 11, 12, 27, 31, 127)).intValue();
        ObjectNode body = validBody();
        ObjectNode item = (ObjectNode) body.get("data").get("items").get(0);
        String text = "09" + control + "12345678";
        if (r.nextBoolean()) {
            item.put(pick(r, ITEM_TEXT_FIELDS), text);
        } else {
            item.set("metadata", NODES.objectNode().put("note", text));
        }
        return post("control character U+" + Integer.toHexString(control), body);
    }

    private Case loneSurrogate(Random r) {
        String json = "{\"data\": {\"items\": [{\"" + pick(r, ITEM_TEXT_FIELDS) + "\": \"An\\u" + pick(r, List.of("d800", "dbff", "dc00", "dfff")) + "\"}]}}";
        return post("half a surrogate pair", json.getBytes(StandardCharsets.UTF_8));
    }

    private Case repeatedKey(Random r) {
        String key = pick(r, List.of("data", "request_id", "action"));
        String json = "{\"" + key + "\": \"x\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}, \"" + key + "\": \"y\"}";
        if (key.equals("data")) {
            json = "{\"data\": {\"items\": [{}]}, \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";
        }
        return post("the key " + key + " twice", json.getBytes(StandardCharsets.UTF_8));
    }

    private Case hugeNumber(Random r) {
        StringBuilder digits = new StringBuilder("9");
        for (int i = 0; i < 1000 + r.nextInt(5000); i++) {
            digits.append(r.nextInt(10));
        }
        return post("a number of " + digits.length() + " digits",
                ("{\"data\": {\"items\": [{\"metadata\": " + digits + "}]}}").getBytes(StandardCharsets.UTF_8));
    }

    private Case wrongShape(Random r) {
        String json = switch (r.nextInt(7)) {
            case 0 -> "";
            case 1 -> "null";
            case 2 -> "[" + Json.write(validBody()) + "]";
            case 3 -> "\"" + fragment(r).replace("\"", "") + "\"";
            case 4 -> "{\"" + fragment(r).replace("\"", "") + "\": 1}";
            case 5 -> "{\"data\": {\"items\": []}}";
            default -> "{\"requests\": [" + Json.write(validBody()) + "]}";
        };
        return post("the wrong shape", json.getBytes(StandardCharsets.UTF_8));
    }

    private Case wrongContentType(Random r) {
        String type = pick(r, List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=UTF-16", "text/html", ""));
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Authorization", authorization));
        if (!type.isEmpty()) {
            headers.put("Content-Type", type);
        }
        return new Case("Content-Type '" + type + "'", "POST", path(r), headers, Json.write(validBody()).getBytes(StandardCharsets.UTF_8));
    }

    private Case badCredentials(Random r) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json"));
        switch (r.nextInt(5)) {
            case 0 -> headers.put("Authorization", "Bearer " + fragment(r).replaceAll("[\\r\\n]", ""));
            case 1 -> headers.put("X-API-Token", fragment(r).replaceAll("[\\r\\n]", ""));
            case 2 -> headers.put("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2NvcGUiOiJ2YWxpZGF0aW9uOndyaXRlIn0.");
            case 3 -> headers.put("Authorization", "Basic " + "A".repeat(1 + r.nextInt(4000)));
            default -> { }
        }
        return new Case("bad or missing credentials", "POST", path(r), headers, Json.write(validBody()).getBytes(StandardCharsets.UTF_8));
    }

    private Case fragmentInStatusPath(Random r) {
        String api = pick(r, List.of("/api/validation/status/", "/api/importer/status/"));
        return new Case("a fragment as the request id", "GET", api + URLEncoder.encode(fragment(r), StandardCharsets.UTF_8)
                .replace("+", "%20"), Map.of("Authorization", authorization), null);
    }

    private Case tooMany(Random r) {
        if (r.nextBoolean()) {
            ObjectNode body = validBody();
            ArrayNode items = NODES.arrayNode();
            for (int i = 0; i < 1001 + r.nextInt(50); i++) {
                items.addObject().put("phone", "0912345678");
            }
            ((ObjectNode) body.get("data")).set("items", items);
            return post("more than 1000 items", body);
        }
        ArrayNode requests = NODES.arrayNode();
        for (int i = 0; i < 101 + r.nextInt(20); i++) {
            requests.add(validBody());
        }
        return new Case("more than 100 requests in a batch", "POST", "/api/validation/batch", jsonHeaders(),
                Json.write(NODES.objectNode().set("requests", requests)).getBytes(StandardCharsets.UTF_8));
    }

    private Case oversizedBody() {
        String json = "{\"data\": {\"items\": [{\"metadata\": \"" + "x".repeat(1_100_000) + "\"}]}}";
        return post("a body over 1 MB", json.getBytes(StandardCharsets.UTF_8));
    }

    private Case post(String description, ObjectNode body) {
        return post(description, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private Case post(String description, byte[] body) {
        return new Case(description, "POST", path(random), jsonHeaders(), body);
    }

    private Map<String, String> jsonHeaders() {
        return Map.of("Authorization", authorization, "Content-Type", "application/json");
    }

    private static String path(Random r) {
        return pick(r, List.of("/api/validation/validate", "/api/importer/import"));
    }

    private static ObjectNode validBody() {
        ObjectNode body = NODES.objectNode();
        ObjectNode item = body.putObject("data").putArray("items").addObject();
        item.put("name", "Nguyễn Văn An").put("phone", "0912345678").put("bank_account", "0123456789").put("bank_code", "VCB");
        return body;
    }

    private static com.fasterxml.jackson.databind.JsonNode nonString(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> NODES.numberNode(r.nextLong());
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.arrayNode().add(fragment(r));
            default -> NODES.objectNode().put("$where", fragment(r));
        };
    }

    private static String fragment(Random r) {
        return pick(r, FRAGMENTS);
    }

    private static <T> T pick(Random r, List<T> choices) {
        return choices.get(r.nextInt(choices.size()));
    }
}
