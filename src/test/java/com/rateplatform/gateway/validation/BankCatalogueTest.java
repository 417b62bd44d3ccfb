package com.rateplatform.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled config/banks.yaml and how a bank code finds a bank in it. */
class BankCatalogueTest {

    private static final BankCatalogue BANKS =
            BankCatalogue.read(ConfigLocation.of("classpath:config/banks.yaml"), "banks_file");

    @Test
    void the_catalogue_lists_at_least_thirty_banks_with_distinct_six_digit_bins() {
        List<String> bins = BANKS.banks().stream().map(Bank::bin).toList();

        assertThat(bins).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates().allMatch(bin -> bin.matches("[0-9]{6}"));
    }

    @Test
    void every_bank_range_lies_within_the_global_account_length_range() {
        assertThat(BANKS.banks()).allSatisfy(bank -> {
            assertThat(bank.accountLength().min()).isGreaterThanOrEqualTo(6);
            assertThat(bank.accountLength().max()).isLessThanOrEqualTo(19);
        });
    }

    @ParameterizedTest(name = "BIN {0} is {1}")
    @CsvSource({
            "970436, Vietcombank", "970415, VietinBank", "970418, BIDV", "970405, Agribank", "970407, Techcombank",
            "970422, MBBank", "970416, ACB", "970432, VPBank", "970423, TPBank", "970403, Sacombank"})
    void the_napas_bins_of_the_big_banks_name_them(String bin, String shortName) {
        assertThat(BANKS.find(bin)).get().extracting(Bank::shortName).isEqualTo(shortName);
    }

    @ParameterizedTest(name = "\"{0}\" finds {1}")
    @CsvSource({
            "VCB, Vietcombank", "vcb, Vietcombank", "Vietcombank, Vietcombank", "VIETCOMBANK, Vietcombank",
            "' 970436 ', Vietcombank", "ICB, VietinBank", "CTG, VietinBank", "MB, MBBank", "MB Bank, MBBank",
            "mb-bank, MBBank", "VietCapitalBank, BVBank", "MBV, Oceanbank"})
    void a_bank_code_matches_a_code_short_name_or_alias_ignoring_case_spaces_and_dashes(String bankCode, String shortName) {
        assertThat(BANKS.find(bankCode)).get().extracting(Bank::shortName).isEqualTo(shortName);
    }

    @Test
    void an_unknown_code_finds_nothing() {
        assertThat(BANKS.find("NOPE")).isEmpty();
    }
}
