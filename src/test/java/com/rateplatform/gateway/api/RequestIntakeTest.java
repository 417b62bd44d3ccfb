package com.rateplatform.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.RequestMessage;

/** How an HTTP body becomes request messages, and how bad bodies are refused. No servers needed. */
class RequestIntakeTest {

    private final RequestIntake intake = new RequestIntake(new Ids(),
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC), 3, 2, 40, 8,
            Map.of(Source.EXTENSION, "extension_responses", Source.IMPORTER, "importer_responses"));

    @Test
    void gatewayFillsSourceUserTimestampResponseStreamAndDefaults() {
        RequestMessage message = parseSingle("{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}", "extension", "user-7").get(0);

        assertThat(message.source()).isEqualTo("extension");
        assertThat(message.userId()).isEqualTo("user-7");
        assertThat(message.timestamp()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(message.action()).isEqualTo("validate");
        assertThat(message.priority()).isEqualTo("normal");
        assertThat(message.callbackConfig().stream()).isEqualTo("extension_responses");
    }

    @Test
    void requestIdIsAUuidV7WhenTheClientGivesNone() {
        RequestMessage message = parseSingle("{\"data\": {\"items\": [{\"phone\": \"1\"}]}}", "extension", null).get(0);

        assertThat(message.requestId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void clientRequestIdIsKept() {
        RequestMessage message = parseSingle("{\"request_id\": \"req_123456\", \"data\": {\"items\": [{\"phone\": \"1\"}]}}",
                "extension", null).get(0);

        assertThat(message.requestId()).isEqualTo("req_123456");
    }

    @Test
    void missingItemIdsAreAssignedByPositionAndGivenOnesKept() {
        RequestMessage message = parseSingle(
                "{\"data\": {\"items\": [{\"phone\": \"1\"}, {\"item_id\": \"x\", \"phone\": \"2\"}, {\"phone\": \"3\"}]}}",
                "extension", null).get(0);

        assertThat(message.data().items()).extracting(i -> i.itemId()).containsExactly("item_001", "x", "item_003");
    }

    @Test
    void userIdAndSourceInTheBodyAreIgnored() {
        RequestMessage message = parseSingle(
                "{\"user_id\": \"someone-else\", \"source\": \"importer\", \"data\": {\"items\": [{\"phone\": \"1\"}]}}",
                "extension", "me").get(0);

        assertThat(message.userId()).isEqualTo("me");
        assertThat(message.source()).isEqualTo("extension");
    }

    @Test
    void importerRequestsDefaultToImportAndTheImporterStream() {
        RequestMessage message = parseSingle("{\"data\": {\"items\": [{\"phone\": \"1\"}]}}", "importer", null).get(0);

        assertThat(message.action()).isEqualTo("import");
        assertThat(message.callbackConfig().stream()).isEqualTo("importer_responses");
    }

    @Test
    void batchGivesOneMessagePerRequest() {
        List<RequestMessage> messages = parseBatch("""
                {"requests": [{"data": {"items": [{"phone": "1"}]}}, {"action": "check", "data": {"items": [{"phone": "2"}]}}]}""",
                "extension", null);

        assertThat(messages).extracting(RequestMessage::action).containsExactly("validate", "check");
    }

    @ParameterizedTest(name = "{0} -> {1} {2} at {3}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                                   | 400 | EMPTY_BODY       |
            '{"data":'                                                           | 400 | MALFORMED_JSON   |
            '[1, 2]'                                                             | 400 | INVALID_TYPE     |
            '{}'                                                                 | 400 | FIELD_REQUIRED   | data
            '{"data": {"items": []}}'                                            | 400 | FIELD_REQUIRED   | data.items
            '{"data": {"items": "x"}}'                                           | 400 | FIELD_REQUIRED   | data.items
            '{"data": {"items": [1]}}'                                           | 400 | INVALID_TYPE     | data.items[0]
            '{"data": {"items": [{"phone": 912345678}]}}'                        | 400 | INVALID_TYPE     | data.items[0].phone
            '{"data": {"items": [{"name": ["a"]}]}}'                             | 400 | INVALID_TYPE     | data.items[0].name
            '{"data": {"items": [{"name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]}}' | 400 | FIELD_TOO_LONG | data.items[0].name
            '{"data": {"items": [{"item_id": "a"}, {"item_id": "a"}]}}'          | 400 | DUPLICATE_ITEM_ID | data.items[1].item_id
            '{"data": {"items": [{}, {}, {}, {}]}}'                              | 413 | TOO_MANY_ITEMS   | data.items
            '{"action": "import", "data": {"items": [{}]}}'                      | 400 | INVALID_VALUE    | action
            '{"action": 5, "data": {"items": [{}]}}'                             | 400 | INVALID_TYPE     | action
            '{"priority": "urgent", "data": {"items": [{}]}}'                    | 400 | INVALID_VALUE    | priority
            '{"request_id": "has spaces", "data": {"items": [{}]}}'              | 400 | INVALID_VALUE    | request_id
            '{"callback_config": "x", "data": {"items": [{}]}}'                  | 400 | INVALID_TYPE     | callback_config
            '{"data": {"items": [{"name": "a\\u0000b"}]}}'                        | 400 | INVALID_VALUE    | data.items[0].name
            '{"data": {"items": [{"name": "\\ud800"}]}}'                          | 400 | INVALID_VALUE    | data.items[0].name
            '{"data": {"items": [{"metadata": {"note": ["\\u001b[31m"]}}]}}'      | 400 | INVALID_VALUE    | data.items[0].metadata.note[0]
            '{"data": {}, "data": {"items": [{}]}}'                              | 400 | MALFORMED_JSON   |
            '{"data": {"items": [{}]}} {}'                                       | 400 | MALFORMED_JSON   |
            '{"data": {"items": [{"metadata": [[[[[[[[1]]]]]]]]}]}}'             | 400 | MALFORMED_JSON   |
            """)
    void badBodiesAreRefusedNamingTheField(String body, int status, String code, String field) {
        assertThatThrownBy(() -> parseSingle(body, "extension", null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    @ParameterizedTest(name = "{0} -> {1} {2} at {3}")
    @CsvSource(delimiter = '|', textBlock = """
            '{}'                                                                     | 400 | FIELD_REQUIRED       | requests
            '{"requests": [1]}'                                                      | 400 | INVALID_TYPE         | requests[0]
            '{"requests": [{}, {}, {}]}'                                             | 413 | TOO_MANY_REQUESTS_IN_BATCH | requests
            '{"requests": [{"data": {"items": [{}]}}, {"data": {}}]}'                | 400 | FIELD_REQUIRED       | requests[1].data.items
            '{"requests": [{"request_id": "a", "data": {"items": [{}]}}, {"request_id": "a", "data": {"items": [{}]}}]}' | 400 | DUPLICATE_REQUEST_ID | requests[1].request_id
            """)
    void badBatchesAreRefusedNamingTheField(String body, int status, String code, String field) {
        assertThatThrownBy(() -> parseBatch(body, "extension", null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    @Test
    void bodyThatIsNotUtf8IsMalformedJsonSayingWhere() {
        byte[] body = "{\"data\": {\"items\": [{\"name\": \"ab\"}]}}".getBytes(StandardCharsets.UTF_8);
        body[30] = (byte) 0xff;

        assertThatThrownBy(() -> intake.parseSingle(body, "extension", null))
                .hasMessageContaining("line 1, column 32").hasMessageContaining("Invalid UTF-8");
    }

    @Test
    void nestingTooDeepNamesTheLimitNotJacksonsInternals() {
        assertThatThrownBy(() -> parseSingle("{\"data\": {\"items\": [{\"metadata\": [[[[[[[[1]]]]]]]]}]}}", "extension", null))
                .hasMessageContaining("nested deeper than 8 levels").hasMessageNotContaining("StreamReadConstraints");
    }

    @Test
    void unclosedArraySaysWhereItWasOpenedWithoutJacksonsInternals() {
        assertThatThrownBy(() -> parseSingle("{\"data\": {\"items\": [", "extension", null))
                .hasMessageContaining("opened at line 1, column 20").hasMessageNotContaining("Source").hasMessageNotContaining("Feature");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"data\": NaN}", "/* comment */ {}" })
    void nonStandardJsonIsRefusedWithoutNamingJacksonFeatures(String body) {
        assertThatThrownBy(() -> parseSingle(body, "extension", null))
                .hasMessageStartingWith("malformed JSON at line 1").hasMessageNotContaining("Feature");
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        assertThatThrownBy(() -> parseSingle("{\n  \"data\": {,}\n}", "extension", null))
                .hasMessageContaining("line 2, column");
    }

    private List<RequestMessage> parseSingle(String body, String source, String caller) {
        return intake.parseSingle(body.getBytes(StandardCharsets.UTF_8), source, caller);
    }

    private List<RequestMessage> parseBatch(String body, String source, String caller) {
        return intake.parseBatch(body.getBytes(StandardCharsets.UTF_8), source, caller);
    }
}
