package com.rateplatform.gateway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.crypto.KeyRing;
import com.rateplatform.gateway.crypto.PayloadCipher;
import com.rateplatform.gateway.crypto.StreamKeys;

/** Messages to stream entries and back: the personal part sealed and bound to its entry, the rest in clear. */
class MessageCodecTest {

    private static final String K1 = "k1:" + key('1');
    private static final String K2 = "k2:" + key('2');
    private static final MessageCodec CODEC = codec(K1);

    private static final RequestMessage REQUEST = new RequestMessage("req-1", "importer", "token:importer", "import",
            new RequestData(List.of(new Item("item_001", "Nguyễn Văn An", "0912345678", "0011001234567", "VCB",
                    Json.MAPPER.createObjectNode().put("crm_id", "C-99")))),
            "high", new CallbackConfig("importer_responses", "https://hooks.example.com/x"), "2026-12-01T10:00:00Z", "batch-7");
    private static final ResponseMessage RESPONSE = new ResponseMessage("req-1", "success", List.of(
            new ItemResult("item_001", ItemResult.Verdict.DONE, null, 1.0, Map.of("name", "Nguyễn Văn An",
                    "phone", Map.of("e164", "+84912345678"), "bank_account", "0011001234567"))), 17, "2026-12-01T10:00:01Z", "token:importer");

    @Test
    void aRequestComesBackAsItWent() {
        assertThat(CODEC.decodeRequest(CODEC.encodeRequest(REQUEST))).isEqualTo(REQUEST);
    }

    @Test
    void aResponseComesBackAsItWent() {
        assertThat(CODEC.decodeResponse(CODEC.encodeResponse(RESPONSE))).isEqualTo(RESPONSE);
    }

    @Test
    void entriesHoldNoPersonalValueButKeepTheOtherFieldsInClear() throws Exception {
        String request = CODEC.encodeRequest(REQUEST);
        String response = CODEC.encodeResponse(RESPONSE);

        assertThat(request + response).doesNotContain("Nguy", "912345678", "1001234567", "C-99");
        assertThat(Json.MAPPER.readTree(request).get("data").get("kid").asText()).isEqualTo("k1");
        assertThat(request).contains("\"request_id\":\"req-1\"", "\"source\":\"importer\"", "\"user_id\":\"token:importer\"",
                "\"action\":\"import\"", "\"priority\":\"high\"", "\"stream\":\"importer_responses\"", "\"batch_id\":\"batch-7\"");
        assertThat(response).contains("\"request_id\":\"req-1\"", "\"status\":\"success\"", "\"processing_time_ms\":17");
    }

    @Test
    void theEntryFormsHaveTheFieldsOfTheirMessages() {
        assertThat(names(RequestEntry.class)).isEqualTo(names(RequestMessage.class));
        assertThat(names(ResponseEntry.class)).isEqualTo(names(ResponseMessage.class));
    }

    @Test
    void sealedItemsMovedIntoAnotherRequestDoNotOpen() throws Exception {
        ObjectNode entry = (ObjectNode) Json.MAPPER.readTree(CODEC.encodeRequest(REQUEST));
        entry.put("request_id", "req-2");

        assertThatThrownBy(() -> CODEC.decodeRequest(entry.toString()))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.errorCode()).isEqualTo("PAYLOAD_TAMPERED"));
    }

    @Test
    void sealedItemsMovedIntoAResponseDoNotOpen() throws Exception {
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree(CODEC.encodeRequest(REQUEST));
        ObjectNode response = (ObjectNode) Json.MAPPER.readTree(CODEC.encodeResponse(RESPONSE));
        response.set("results", request.get("data"));

        assertThatThrownBy(() -> CODEC.decodeResponse(response.toString()))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.errorCode()).isEqualTo("PAYLOAD_TAMPERED"));
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() throws Exception {
        ObjectNode entry = (ObjectNode) Json.MAPPER.readTree(CODEC.encodeRequest(REQUEST));
        byte[] ct = Base64.getDecoder().decode(entry.get("data").get("ct").asText());
        ct[3] ^= 1;
        ((ObjectNode) entry.get("data")).set("ct", TextNode.valueOf(Base64.getEncoder().encodeToString(ct)));

        assertThatThrownBy(() -> CODEC.decodeRequest(entry.toString()))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.errorCode()).isEqualTo("PAYLOAD_TAMPERED"));
    }

    @Test
    void anEntrySealedWithAKeyNotHeldIsRefusedNamingTheKey() {
        String entry = codec(K2).encodeRequest(REQUEST);

        assertThatThrownBy(() -> CODEC.decodeRequest(entry))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.errorCode()).isEqualTo("PAYLOAD_KEY_UNKNOWN"))
                .hasMessageContaining("'k2'");
    }

    @Test
    void itemsInClearAreRefused() {
        String clear = Json.write(REQUEST);

        assertThatThrownBy(() -> CODEC.decodeRequest(clear))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.errorCode()).isEqualTo("PAYLOAD_NOT_SEALED"))
                .message().doesNotContain("0912345678");
    }

    @Test
    void anEntrySealedBeforeARotationOpensWhileItsKeyIsStillListed() {
        String beforeSwitch = codec(K1).encodeRequest(REQUEST);
        MessageCodec afterSwitch = codec(K2 + "," + K1);

        assertThat(afterSwitch.decodeRequest(beforeSwitch)).isEqualTo(REQUEST);
        assertThat(afterSwitch.sealingKeyIdOf(afterSwitch.encodeRequest(REQUEST))).isEqualTo("k2");
    }

    @Test
    void revealGivesTheMessageAsTheClientSeesIt() throws Exception {
        assertThat(Json.MAPPER.readTree(CODEC.reveal(CODEC.encodeResponse(RESPONSE)))).isEqualTo(Json.MAPPER.readTree(Json.write(RESPONSE)));
        assertThat(Json.MAPPER.readTree(CODEC.reveal(CODEC.encodeRequest(REQUEST)))).isEqualTo(Json.MAPPER.readTree(Json.write(REQUEST)));
    }

    @Test
    void aPayloadInClearGetsItsPersonalFieldSealedAndReadsBackTheSame() {
        String sealed = CODEC.sealClearFields(Json.write(REQUEST));

        assertThat(sealed).doesNotContain("0912345678");
        assertThat(CODEC.decodeRequest(sealed)).isEqualTo(REQUEST);
        assertThat(CODEC.sealClearFields("not json 0912345678")).isEqualTo("not json 0912345678");
    }

    @Test
    void resealingUsesTheCurrentSealingKey() {
        String underK1 = codec(K1).encodeRequest(REQUEST);
        MessageCodec rotated = codec(K2 + "," + K1);

        String resealed = rotated.reseal(underK1);

        assertThat(rotated.sealingKeyIdOf(resealed)).isEqualTo("k2");
        assertThat(codec(K2).decodeRequest(resealed)).isEqualTo(REQUEST);
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
    }

    private static MessageCodec codec(String keys) {
        return new MessageCodec(new PayloadCipher(StreamKeys.fixed(KeyRing.parse(keys))));
    }

    private static String key(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes());
    }
}
