package com.rateplatform.gateway.validation;

import static com.rateplatform.gateway.validation.Items.errorCodes;
import static com.rateplatform.gateway.validation.Items.validateName;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ItemResult.Verdict;

/** The name rule: NFC, whitespace collapsed, letters of any script and a few punctuation marks, 2 to 100 characters. */
class NameValidationTest {

    @ParameterizedTest(name = "{0} is a valid name")
    @CsvSource({
            "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Hữu Phúc", "Lê Thị Thu Hương", "Ngô Bảo Châu", "Huỳnh Tấn Phát",
            "O'Brien", "Yến’s Shop", "Jean-Luc Picard", "Dr. Martin Luther King Jr.", "Ægir Þórsson", "Иван Петров",
            "王小明", "محمد علي", "Al", "José Martí"})
    void a_name_of_letters_of_any_script_is_kept_as_given(String name) {
        ItemResult result = validateName(name);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(result.details()).containsEntry("name", name);
    }

    static Stream<Arguments> namesThatNeedRepair() {
        return Stream.of(
                Arguments.of("decomposed (NFD) Vietnamese", "Nguye\u0302\u0303n Va\u0306n An", "Nguyễn Văn An"),
                Arguments.of("decomposed (NFD) Đ-less diacritics", "Tra\u0302\u0300n Thi\u0323 Bi\u0301ch", "Trần Thị Bích"),
                Arguments.of("repeated spaces", "Phạm   Minh    Chính", "Phạm Minh Chính"),
                Arguments.of("leading and trailing spaces", "  Võ Thị Sáu  ", "Võ Thị Sáu"),
                Arguments.of("tabs and a newline", "Lý\tThường\nKiệt", "Lý Thường Kiệt"),
                Arguments.of("no-break and ideographic spaces", "Hồ\u00A0Xuân\u3000Hương", "Hồ Xuân Hương"));
    }

    @ParameterizedTest(name = "{0} is repaired")
    @MethodSource("namesThatNeedRepair")
    void a_name_is_normalized_to_nfc_with_single_spaces(String why, String name, String normalized) {
        ItemResult result = validateName(name);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(result.details()).containsEntry("name", normalized);
        assertThat(result.details().get("doubts").toString()).contains("NAME_REPAIRED");
    }

    @ParameterizedTest(name = "\"{0}\" holds a character a name may not hold")
    @CsvSource({
            "Nguyễn Văn 2", "R2-D2", "Anna 😀", "Bob@home", "Lan_Anh", "Minh!", "Zero\u200Bwidth", "Nam (Bố)", "'...'", "'- -'"})
    void digits_emoji_symbols_or_no_letter_at_all_are_invalid_chars(String name) {
        ItemResult result = validateName(name);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("NAME_INVALID_CHARS");
        assertThat(result.details()).doesNotContainKey("name");
    }

    @ParameterizedTest(name = "\"{0}\" is too short")
    @CsvSource({"A", "Ư", "' Á '"})
    void a_name_of_one_character_is_too_short(String name) {
        ItemResult result = validateName(name);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("NAME_LENGTH");
    }

    @Test
    void a_decomposed_letter_counts_as_one_character_after_nfc() {
        ItemResult result = validateName("A\u0301");

        assertThat(result.errorCode()).isEqualTo("NAME_LENGTH");
    }

    @Test
    void a_name_of_one_hundred_characters_is_the_longest_allowed() {
        assertThat(validateName("Ă".repeat(100)).verdict()).isEqualTo(Verdict.DONE);
        assertThat(validateName("Ă".repeat(101)).errorCode()).isEqualTo("NAME_LENGTH");
    }

    @Test
    void a_name_can_fail_both_for_its_characters_and_its_length() {
        ItemResult result = validateName("😀");

        assertThat(errorCodes(result)).containsExactly("NAME_INVALID_CHARS", "NAME_LENGTH");
    }

    @Test
    void the_message_names_the_offending_character() {
        ItemResult result = validateName("Anna 😀");

        assertThat(Items.errors(result).get(0).get("message").toString()).contains("'😀' (U+1F600)");
    }
}
