package com.rateplatform.gateway.validation;

import static com.rateplatform.gateway.validation.Items.BUNDLED;
import static com.rateplatform.gateway.validation.Items.VALID_PHONE;
import static com.rateplatform.gateway.validation.Items.item;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ItemResult.Verdict;

/** What each action needs from an item, as the bundled rules file says. */
class ActionRequirementsTest {

    @ParameterizedTest(name = "{0}: name={1} phone={2} bank_account={3} bank_code={4} gives FIELD_REQUIRED")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            validate | -            | -    | -    | -
            validate | Nguyễn Văn An | -    | -    | -
            validate | -            | '  ' | ''   | -
            validate | -            | -    | -    | VCB
            check    | -            | -    | -    | -
            check    | Nguyễn Văn An | -    | -    | 970436
            """)
    void validate_and_check_need_a_phone_or_a_bank_account(String action, String name, String phone, String account,
                                                           String bankCode) {
        ItemResult result = BUNDLED.validate(action, item(name, phone, account, bankCode));

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("FIELD_REQUIRED");
        assertThat(Items.errors(result).get(0))
                .containsEntry("field", "phone or bank_account")
                .containsEntry("message", "phone or bank_account is required for action " + action);
    }

    @ParameterizedTest(name = "{0} with only a {1} is enough")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            validate | phone        | 0912345678 | -
            validate | bank account | -          | 0011004123456
            check    | phone        | 0912345678 | -
            check    | bank account | -          | 0011004123456
            """)
    void either_a_phone_or_a_bank_account_satisfies_validate_and_check(String action, String what, String phone,
                                                                       String account) {
        assertThat(BUNDLED.validate(action, item(null, phone, account, null)).verdict()).isEqualTo(Verdict.DONE);
    }

    @Test
    void import_needs_a_name_as_configured() {
        ItemResult result = BUNDLED.validate("import", item(null, VALID_PHONE, null, null));

        assertThat(result.errorCode()).isEqualTo("FIELD_REQUIRED");
        assertThat(Items.errors(result)).singleElement().satisfies(error -> assertThat(error)
                .containsEntry("field", "name")
                .containsEntry("message", "name is required for action import"));
    }

    @Test
    void import_with_a_name_and_a_phone_is_done() {
        assertThat(BUNDLED.validate("import", item("Nguyễn Văn An", VALID_PHONE, null, null)).verdict())
                .isEqualTo(Verdict.DONE);
    }

    @Test
    void import_of_an_empty_item_lists_every_missing_field() {
        ItemResult result = BUNDLED.validate("import", item(null, null, null, null));

        assertThat(Items.errors(result)).extracting(error -> error.get("field"))
                .containsExactly("name", "phone or bank_account");
    }

    @ParameterizedTest(name = "action \"{0}\" is matched ignoring case")
    @CsvSource({"VALIDATE", "Check", "' import '"})
    void an_action_is_matched_ignoring_case_and_surrounding_spaces(String action) {
        assertThat(BUNDLED.validate(action, item("Nguyễn Văn An", VALID_PHONE, null, null)).verdict())
                .isEqualTo(Verdict.DONE);
    }

    @ParameterizedTest(name = "action \"{0}\" is unknown")
    @CsvSource(value = {"delete", "''", "-"}, nullValues = "-")
    void an_action_without_rules_is_an_error(String action) {
        ItemResult result = BUNDLED.validate(action, item("Nguyễn Văn An", VALID_PHONE, null, null));

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("ACTION_UNKNOWN");
        assertThat(Items.errors(result).get(0)).containsEntry("field", "action");
    }

    @Test
    void a_null_item_is_an_item_with_no_fields() {
        ItemResult result = BUNDLED.validate("validate", null);

        assertThat(result.itemId()).isNull();
        assertThat(result.errorCode()).isEqualTo("FIELD_REQUIRED");
    }
}
