package com.rateplatform.gateway.validation;

import static com.rateplatform.gateway.validation.Items.BUNDLED;
import static com.rateplatform.gateway.validation.Items.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.rateplatform.gateway.message.ItemResult;

/**
 * Pins the confidence formula: 0 for ERROR; for DONE the product of the factors of the distinct
 * doubts, rounded half up to three decimals.
 */
class ConfidenceTest {

    @Test
    void the_factors_are_the_documented_ones() {
        assertThat(Doubt.PHONE_SEPARATORS_REMOVED.factor()).isEqualTo(0.98);
        assertThat(Doubt.PHONE_TRUNK_PREFIX_MISSING.factor()).isEqualTo(0.95);
        assertThat(Doubt.PHONE_COUNTRY_CODE_WITHOUT_PLUS.factor()).isEqualTo(0.95);
        assertThat(Doubt.PHONE_TYPE_AMBIGUOUS.factor()).isEqualTo(0.90);
        assertThat(Doubt.BANK_ACCOUNT_SEPARATORS_REMOVED.factor()).isEqualTo(0.98);
        assertThat(Doubt.BANK_NOT_GIVEN.factor()).isEqualTo(0.85);
        assertThat(Doubt.NAME_REPAIRED.factor()).isEqualTo(0.98);
    }

    static Stream<Arguments> doubtSets() {
        return Stream.of(
                Arguments.of(Set.of(), 1.0),
                Arguments.of(Set.of(Doubt.PHONE_TYPE_AMBIGUOUS, Doubt.BANK_NOT_GIVEN), 0.765),
                Arguments.of(Set.of(Doubt.PHONE_SEPARATORS_REMOVED, Doubt.BANK_ACCOUNT_SEPARATORS_REMOVED, Doubt.NAME_REPAIRED), 0.941),
                Arguments.of(EnumSet.allOf(Doubt.class), 0.65));
    }

    @ParameterizedTest(name = "{0} gives {1}")
    @MethodSource("doubtSets")
    void the_confidence_of_a_valid_item_is_the_rounded_product_of_its_doubts(Set<Doubt> doubts, double expected) {
        assertThat(Confidence.ofValid(doubts)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" / \"{1}\" / \"{2}\" / \"{3}\" has confidence {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                  | 0912345678        | -                 | -   | 1.0   | clean local mobile
            -                  | +84912345678      | -                 | -   | 1.0   | clean international mobile
            -                  | 0912 345 678      | -                 | -   | 0.98  | separators removed
            -                  | 84912345678       | -                 | -   | 0.95  | country code without +
            -                  | 84 912 345 678    | -                 | -   | 0.931 | both of the above
            -                  | 912345678         | -                 | -   | 0.95  | trunk prefix 0 missing
            -                  | +16502530000      | -                 | -   | 0.9   | fixed line or mobile
            -                  | +1 (650) 253-0000 | -                 | -   | 0.882 | ambiguous type, separators removed
            -                  | -                 | 0011004123456     | VCB | 1.0   | account with its bank
            -                  | -                 | 0011004123456     | -   | 0.85  | account without bank code
            -                  | -                 | 0011 0041 23456   | -   | 0.833 | account without bank code, spaces
            Nguyễn Văn An      | 0912345678        | 0011004123456     | VCB | 1.0   | every field clean
            '  Nguyễn  Văn An' | 0912345678        | 0011004123456     | VCB | 0.98  | name repaired
            '  Nguyễn  Văn An' | 84 912 345 678    | 0011-0041-23456   | -   | 0.76  | name, phone and account repaired, no bank
            """)
    void the_confidence_of_a_done_item_falls_with_each_repair_or_ambiguity(String name, String phone, String account,
                                                                         String bankCode, double confidence, String why) {
        ItemResult result = BUNDLED.validate("validate", item(name, phone, account, bankCode));

        assertThat(result.verdict()).isEqualTo(ItemResult.Verdict.DONE);
        assertThat(result.confidence()).isEqualTo(confidence);
    }

    @Test
    void the_doubts_behind_a_confidence_are_listed_in_details() {
        ItemResult result = BUNDLED.validate("validate", item(null, "84 912 345 678", "0011004123456", null));

        assertThat(result.details()).containsEntry("doubts",
                List.of("PHONE_SEPARATORS_REMOVED", "PHONE_COUNTRY_CODE_WITHOUT_PLUS", "BANK_NOT_GIVEN"));
        assertThat(result.confidence()).isEqualTo(0.791);
    }

    @Test
    void an_item_without_doubt_has_no_doubts_key() {
        assertThat(BUNDLED.validate("validate", item(null, "0912345678", null, null)).details()).doesNotContainKey("doubts");
    }

    @ParameterizedTest(name = "{0} is an error with confidence 0")
    @CsvSource({"0168 123 4567", "abc", "1900545425"})
    void an_error_has_confidence_zero(String phone) {
        ItemResult result = BUNDLED.validate("validate", item(null, phone, null, null));

        assertThat(result.verdict()).isEqualTo(ItemResult.Verdict.ERROR);
        assertThat(result.confidence()).isEqualTo(0.0);
    }

    @Test
    void the_same_input_always_gives_the_same_confidence() {
        List<Double> confidences = Stream.generate(() -> BUNDLED.validate("validate",
                item("Lê\u00A0Lợi", "84 912 345 678", "0011 0041 23456", null)).confidence()).limit(5).toList();

        assertThat(confidences).containsOnly(confidences.get(0));
    }
}
