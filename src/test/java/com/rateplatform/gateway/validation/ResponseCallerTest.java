package com.rateplatform.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.CallbackConfig;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;

/** A response names the caller of its request, so the gateway holding that caller's connection can push it. */
class ResponseCallerTest {

    private final ValidationProcessor processor = new ValidationProcessor(Items.BUNDLED, Clock.systemUTC());

    @Test
    void the_response_carries_the_user_id_of_its_request() {
        ResponseMessage response = processor.validate(request("alice"));

        assertThat(response.userId()).isEqualTo("alice");
        assertThat(Json.write(response)).contains("\"user_id\":\"alice\"");
    }

    @Test
    void a_response_without_a_caller_leaves_user_id_out_of_its_json() {
        ResponseMessage response = processor.validate(request(null));

        assertThat(Json.write(response)).doesNotContain("user_id");
    }

    @Test
    void a_response_published_before_user_id_existed_still_reads() {
        ResponseMessage response = Json.read("""
                {"request_id": "old", "status": "success", "results": [], "processing_time_ms": 1, "timestamp": "t"}""",
                ResponseMessage.class);

        assertThat(response.requestId()).isEqualTo("old");
        assertThat(response.userId()).isNull();
    }

    private static RequestMessage request(String caller) {
        return new RequestMessage("r-1", "extension", caller, "validate",
                new RequestData(List.of(new Item("item_001", null, "0912345678", null, null, null))), "normal",
                new CallbackConfig("extension_responses", null), "2026-11-22T00:00:00Z");
    }
}
