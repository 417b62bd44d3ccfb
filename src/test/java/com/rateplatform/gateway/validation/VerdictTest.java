package com.rateplatform.gateway.validation;

import static com.rateplatform.gateway.validation.Items.BUNDLED;
import static com.rateplatform.gateway.validation.Items.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ItemResult.Verdict;
import com.rateplatform.gateway.message.Json;

/** How the rules' findings make one result: verdict, first error code, every error, normalized values. */
class VerdictTest {

    @Test
    void an_item_with_every_field_valid_is_done_with_its_normalized_values() {
        ItemResult result = BUNDLED.validate("validate", item("Nguyễn Văn An", "+84 912 345 678", "0011 0041 23456", "VCB"));

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(result.errorCode()).isNull();
        assertThat(result.itemId()).isEqualTo("item-1");
        assertThat(result.details())
                .containsEntry("name", "Nguyễn Văn An")
                .containsEntry("bank_account", "0011004123456")
                .containsKeys("phone", "bank")
                .doesNotContainKey("errors");
        assertThat(Items.phoneDetails(result)).containsEntry("e164", "+84912345678");
    }

    @Test
    void an_item_with_several_failures_is_an_error_with_the_first_as_code_and_all_listed_in_order() {
        ItemResult result = BUNDLED.validate("validate", item("R2-D2", "0801 234 567", "12", "XYZ"));

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("NAME_INVALID_CHARS");
        assertThat(Items.errors(result)).extracting(error -> error.get("field"), error -> error.get("code"))
                .containsExactly(
                        tuple("name", "NAME_INVALID_CHARS"),
                        tuple("phone", "PHONE_INVALID"),
                        tuple("bank_code", "BANK_UNKNOWN"),
                        tuple("bank_account", "BANK_ACCOUNT_LENGTH"));
        assertThat(Items.errors(result)).allSatisfy(error -> assertThat(error.get("message")).asString().isNotBlank());
    }

    @Test
    void an_error_result_still_gives_the_normalized_values_of_its_valid_fields() {
        ItemResult result = BUNDLED.validate("validate", item("Nguyễn Văn An", "0912345678", "123", null));

        assertThat(result.errorCode()).isEqualTo("BANK_ACCOUNT_LENGTH");
        assertThat(result.details()).containsEntry("name", "Nguyễn Văn An").containsKey("phone").doesNotContainKey("bank_account");
    }

    @Test
    void the_result_serializes_with_the_documented_snake_case_keys() {
        Item item = new Item("a-1", null, "0912345678", "0011004123456", "VCB", JsonNodeFactory.instance.objectNode().put("k", 1));

        String json = Json.write(BUNDLED.validate("validate", item));

        assertThat(json).isEqualTo("{\"item_id\":\"a-1\",\"verdict\":\"DONE\",\"error_code\":null,\"confidence\":1.0,"
                + "\"details\":{\"phone\":{\"e164\":\"+84912345678\",\"type\":\"MOBILE\",\"region\":\"VN\",\"carrier\":\"Vinaphone\"},"
                + "\"bank\":{\"code\":\"VCB\",\"short_name\":\"Vietcombank\",\"name\":\"Ngân hàng TMCP Ngoại thương Việt Nam\","
                + "\"bin\":\"970436\"},\"bank_account\":\"0011004123456\"}}");
    }

    @Test
    void concurrent_validation_gives_the_same_results_as_sequential() throws Exception {
        List<Item> items = IntStream.range(0, 400).mapToObj(i -> item("Người " + (char) ('A' + i % 26) + "n",
                i % 3 == 0 ? "+44 20 7946 0958" : "09" + (12345678 + i), i % 2 == 0 ? "0011004" + (123456 + i) : null,
                i % 4 == 0 ? "VCB" : null)).toList();
        List<String> sequential = items.stream().map(item -> Json.write(BUNDLED.validate("validate", item))).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = items.stream()
                    .map(item -> pool.submit(() -> Json.write(BUNDLED.validate("validate", item)))).toList();
            for (int i = 0; i < items.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
