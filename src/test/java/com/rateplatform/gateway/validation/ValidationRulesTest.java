package com.rateplatform.gateway.validation;

import static com.rateplatform.gateway.validation.Items.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ItemResult.Verdict;

/** Loading config/validation-rules.yaml: where it comes from, what an edit changes, and how a bad file fails. */
class ValidationRulesTest {

    private static final String RULES = ConfigLocation.of("").read().orElseThrow();
    private static final String BANKS = ConfigLocation.of("classpath:config/banks.yaml").read().orElseThrow();

    @TempDir
    Path folder;

    @ParameterizedTest(name = "location \"{0}\" loads the bundled rules")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "classpath:config/validation-rules.yaml", "classpath:/config/validation-rules.yaml",
            "config/validation-rules.yaml"})
    void the_bundled_rules_load_from_the_classpath_or_the_top_level_config_folder(String location) {
        ItemValidator validator = ItemValidator.load(location);

        assertThat(validator.validate("validate", item(null, "0912345678", "0011004123456", "VCB")).verdict())
                .isEqualTo(Verdict.DONE);
    }

    @Test
    void a_rules_file_finds_its_banks_file_in_its_own_folder() throws IOException {
        Path rules = write("rules.yaml", RULES.replace("banks_file: banks.yaml", "banks_file: catalogue/my-banks.yaml"));
        Files.createDirectories(folder.resolve("catalogue"));
        Files.writeString(folder.resolve("catalogue/my-banks.yaml"), BANKS, StandardCharsets.UTF_8);

        ItemResult result = ItemValidator.load(rules.toString()).validate("validate", item(null, null, "0011004123456", "VCB"));

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
    }

    @Test
    void a_rules_file_may_name_the_bundled_banks_file_on_the_classpath() throws IOException {
        Path rules = write("rules.yaml", RULES.replace("banks_file: banks.yaml", "banks_file: classpath:config/banks.yaml"));

        assertThat(ItemValidator.load(rules.toString()).validate("validate", item(null, null, "0011004123456", "970436"))
                .verdict()).isEqualTo(Verdict.DONE);
    }

    @Test
    void allowing_only_mobiles_rejects_a_landline() throws IOException {
        ItemValidator validator = load(RULES.replace("allowed_types: [MOBILE, FIXED_LINE]", "allowed_types: [MOBILE]"));

        assertThat(validator.validate("validate", item(null, "024 3825 1234", null, null)).errorCode())
                .isEqualTo("PHONE_TYPE_NOT_ALLOWED");
        assertThat(validator.validate("validate", item(null, "0912345678", null, null)).verdict()).isEqualTo(Verdict.DONE);
    }

    @Test
    void another_default_region_reads_local_numbers_as_that_region() throws IOException {
        ItemValidator validator = load(RULES.replace("default_region: VN", "default_region: sg"));

        ItemResult result = validator.validate("validate", item(null, "8123 4567", null, null));

        assertThat(Items.phoneDetails(result)).containsEntry("e164", "+6581234567").containsEntry("region", "SG");
        assertThat(validator.validate("validate", item(null, "0912345678", null, null)).verdict()).isEqualTo(Verdict.ERROR);
    }

    @ParameterizedTest(name = "phone.renumbered {0}: an old number is only invalid")
    @CsvSource(delimiter = '|', textBlock = """
            left out | ''
            empty    | '  renumbered: []\n'
            """)
    void without_renumbering_changes_an_old_number_is_only_invalid(String how, String replacement) throws IOException {
        String renumbered = RULES.substring(RULES.indexOf("  renumbered:\n"), RULES.indexOf("\nname:") + 1);
        ItemValidator validator = load(RULES.replace(renumbered, unescape(replacement)));

        ItemResult result = validator.validate("validate", item(null, "0162 912 3456", null, null));

        assertThat(result.errorCode()).isEqualTo("PHONE_INVALID");
        assertThat(result.details()).doesNotContainKey("current_phone");
    }

    @Test
    void raising_the_minimum_name_length_rejects_a_short_name() throws IOException {
        ItemValidator validator = load(RULES.replace("  min_length: 2\n", "  min_length: 3\n"));

        assertThat(validator.validate("validate", item("Al", "0912345678", null, null)).errorCode()).isEqualTo("NAME_LENGTH");
    }

    @Test
    void a_new_required_field_is_enforced_for_its_action() throws IOException {
        ItemValidator validator = load(RULES.replace("required: [name]", "required: [name, item_id]"));

        ItemResult result = validator.validate("import", new com.rateplatform.gateway.message.Item(null, "Nguyễn Văn An",
                "0912345678", null, null, null));

        assertThat(Items.errors(result)).singleElement().satisfies(error -> assertThat(error).containsEntry("field", "item_id"));
    }

    @Test
    void an_extra_action_can_be_configured() throws IOException {
        ItemValidator validator = load(RULES + "  lookup:\n    required: [bank_code]\n");

        assertThat(validator.validate("lookup", item(null, null, null, null)).errorCode()).isEqualTo("FIELD_REQUIRED");
        assertThat(validator.validate("lookup", item(null, null, null, "VCB")).verdict()).isEqualTo(Verdict.DONE);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            'phone:'                           | 'phones:'                                  | phones
            'default_region: VN'               | 'default_region: XX'                       | phone.default_region
            'default_region: VN'               | 'default_region: 84'                       | phone.default_region
            'allowed_types: [MOBILE, FIXED_LINE]' | 'allowed_types: [MOBILE, PAGR]'         | phone.allowed_types[1]
            'allowed_types: [MOBILE, FIXED_LINE]' | 'allowed_types: []'                     | phone.allowed_types
            'allowed_types: [MOBILE, FIXED_LINE]' | 'allowed_types: MOBILE'                 | phone.allowed_types
            '  min_length: 2\n'                | '  min_length: two\n'                      | name.min_length
            '  min_length: 2\n'                | '  min_lenght: 2\n'                        | name.min_lenght
            '  max_length: 100\n'              | '  max_length: 1\n'                        | name.max_length
            '  min_length: 6\n'                | '  min_length: 0\n'                        | bank_account.min_length
            '  max_length: 19\n'               | ''                                         | bank_account.max_length
            'required: [name]'                 | 'required: [nam]'                          | actions.import.required[0]
            'required_any_of: [phone, bank_account]\n  import' | 'required_any_of: phone\n  import' | actions.check.required_any_of
            'check:'                           | 'chek:'                                    | actions.check
            'banks_file: banks.yaml'           | 'banks_file: nowhere.yaml'                 | banks_file
            'banks_file: banks.yaml'           | 'banks_file: 42'                           | banks_file
            '{ old: "0162", new: "032"'        | '{ old: 0162, new: "032"'                  | phone.renumbered[0].prefixes[0].old
            '{ old: "0163", new: "033"'        | '{ old: "0162", new: "033"'                | phone.renumbered[0].prefixes[1].old
            '{ old: "0164", new: "034"'        | '{ old: "164", new: "034"'                 | phone.renumbered[0].prefixes[2].old
            '{ old: "0165", new: "035"'        | '{ old: "0165", new: "35"'                 | phone.renumbered[0].prefixes[3].new
            '{ old: "0166", new: "036", name: Viettel }' | '{ old: "0166", new: "036" }'   | phone.renumbered[0].prefixes[4].name
            'type: MOBILE\n      source'      | 'type: MOBIL\n      source'               | phone.renumbered[0].type
            'region: VN\n      type: MOBILE'  | 'region: XX\n      type: MOBILE'          | phone.renumbered[0].region
            'source: >-'                       | 'sauce: >-'                                | phone.renumbered[0].sauce
            """)
    void a_bad_rules_file_stops_loading_with_a_message_naming_the_key(String original, String replacement, String key)
            throws IOException {
        String text = RULES.replace(unescape(original), unescape(replacement));
        assertThat(text).isNotEqualTo(RULES);
        Files.writeString(folder.resolve("banks.yaml"), BANKS, StandardCharsets.UTF_8);
        Path rules = write("validation-rules.yaml", text);

        assertThatThrownBy(() -> ItemValidator.load(rules.toString()))
                .isInstanceOf(InvalidRulesException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid validation rules in " + folder)
                .hasMessageContaining("key '" + key + "'")
                .extracting(e -> ((InvalidRulesException) e).key()).isEqualTo(key);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            'bin: "970436"'                   | 'bin: 970436'                        | banks[0].bin
            'bin: "970436"'                   | 'bin: "97043"'                       | banks[0].bin
            'bin: "970415"'                   | 'bin: "970436"'                      | banks[1]
            'code: ICB,  '                    | 'code: VCB,  '                       | banks[1]
            'account_length: { min: 9, max: 14 }' | 'account_length: { min: 14, max: 9 }' | banks[0].account_length
            'account_length: { min: 9, max: 14 }' | 'account_length: { min: 9 }'       | banks[0].account_length.max
            'source:'                         | 'origin:'                            | origin
            """)
    void a_bad_bank_catalogue_stops_loading_with_a_message_naming_the_key(String original, String replacement, String key)
            throws IOException {
        String banks = BANKS.replaceFirst(java.util.regex.Pattern.quote(original), replacement);
        assertThat(banks).isNotEqualTo(BANKS);
        Files.writeString(folder.resolve("banks.yaml"), banks, StandardCharsets.UTF_8);
        Path rules = write("validation-rules.yaml", RULES);

        assertThatThrownBy(() -> ItemValidator.load(rules.toString()))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessageContaining(folder.resolve("banks.yaml").toString())
                .hasMessageContaining("key '" + key + "'");
    }

    @Test
    void a_duplicated_key_is_refused() throws IOException {
        Path rules = write("rules.yaml", RULES.replace("phone:\n", "phone:\n  default_region: SG\n"));

        assertThatThrownBy(() -> ItemValidator.load(rules.toString()))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessageContaining("default_region");
    }

    @Test
    void a_missing_rules_file_is_named() {
        String missing = folder.resolve("absent.yaml").toString();

        assertThatThrownBy(() -> ItemValidator.load(missing))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessage("Invalid validation rules in " + missing + ": rules file not found");
    }

    @Test
    void a_file_that_is_not_yaml_is_refused_with_its_line() throws IOException {
        Path rules = write("rules.yaml", "phone: [unclosed\nname: x\n");

        assertThatThrownBy(() -> ItemValidator.load(rules.toString()))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessageContaining("not valid YAML (line");
    }

    private ItemValidator load(String rulesText) throws IOException {
        Files.writeString(folder.resolve("banks.yaml"), BANKS, StandardCharsets.UTF_8);
        return ItemValidator.load(write("validation-rules.yaml", rulesText).toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String unescape(String csv) {
        return csv.replace("\\n", "\n");
    }
}
