package com.rateplatform.gateway.validation;

import static com.rateplatform.gateway.validation.Items.bankDetails;
import static com.rateplatform.gateway.validation.Items.errorCodes;
import static com.rateplatform.gateway.validation.Items.validateAccount;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ItemResult.Verdict;

/** The bank account rule with and without a bank code, against the bundled catalogue. */
class BankAccountValidationTest {

    @ParameterizedTest(name = "{0} at bank_code {1} is a {3} account")
    @CsvSource(delimiter = '|', textBlock = """
            0011004123456      | VCB              | 0011004123456  | Vietcombank | 970436
            0011 0041 23456    | 970436           | 0011004123456  | Vietcombank | 970436
            101010012345       | 970415           | 101010012345   | VietinBank  | 970415
            101010012345       | CTG              | 101010012345   | VietinBank  | 970415
            12010000123456     | BIDV             | 12010000123456 | BIDV        | 970418
            1500205123456      | Agribank         | 1500205123456  | Agribank    | 970405
            19031234567890     | tcb              | 19031234567890 | Techcombank | 970407
            0123456789         | MB Bank          | 0123456789     | MBBank      | 970422
            12345678           | ACB              | 12345678       | ACB         | 970416
            123456789          | vpbank           | 123456789      | VPBank      | 970432
            12345678901        | 970423           | 12345678901    | TPBank      | 970423
            0601-2345-6789     | Sacombank        | 060123456789   | Sacombank   | 970403
            123456789012345    | VIB              | 123456789012345| VIB         | 970441
            123456789012       | LienVietPostBank | 123456789012   | LPBank      | 970449
            001234567001       | 458761           | 001234567001   | HSBC        | 458761
            """)
    void an_account_whose_length_fits_its_bank_is_valid_and_names_the_bank(
            String account, String bankCode, String digits, String shortName, String bin) {
        ItemResult result = validateAccount(account, bankCode);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(result.details()).containsEntry("bank_account", digits);
        assertThat(bankDetails(result)).containsEntry("short_name", shortName).containsEntry("bin", bin);
    }

    @ParameterizedTest(name = "{0} at bank_code {1} is a {2} account")
    @CsvSource(delimiter = '|', textBlock = """
            0901234567      | CAKE             | CAKE         | 546034
            0901234567      | CAKE by VPBank   | CAKE         | 546034
            1234567890      | Ubank            | Ubank        | 546035
            9021 2345 678   | 963388           | Timo         | 963388
            0123456789      | Liobank          | Liobank      | 963369
            0912345678      | MoMo             | MoMo         | 971025
            123456789012    | KBank            | Kasikornbank | 668888
            1234567890      | DBS              | DBSBank      | 796500
            1234567890      | IBK HN           | IBKHN        | 970455
            1234567890      | IBK-HCM          | IBKHCM       | 970456
            1234567890      | Kookmin Bank HN  | KookminHN    | 970462
            1234567890      | KBHCM            | KookminHCM   | 970463
            1234567890      | Nonghyup Bank    | Nonghyup     | 801011
            0123456789      | Vikki            | VikkiBank    | 970406
            0123456789      | DongA Bank       | VikkiBank    | 970406
            0123456789      | MBV              | MBV          | 970414
            """)
    void an_account_at_a_bank_of_the_2026_catalogue_update_is_valid_and_names_the_bank(
            String account, String bankCode, String shortName, String bin) {
        ItemResult result = validateAccount(account, bankCode);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(result.details()).containsEntry("bank_account", account.replace(" ", ""));
        assertThat(bankDetails(result)).containsEntry("short_name", shortName).containsEntry("bin", bin);
    }

    @ParameterizedTest(name = "{0} without bank code normalizes to {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0011004123456        | 0011004123456
            123456               | 123456
            1234567890123456789  | 1234567890123456789
            1234 5678 9012       | 123456789012
            1234-5678-9012       | 123456789012
            1234 – 5678 – 9012   | 123456789012
            """)
    void an_account_without_bank_code_is_checked_against_the_global_range_only(String account, String digits) {
        ItemResult result = validateAccount(account, null);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(result.details()).containsEntry("bank_account", digits).doesNotContainKey("bank");
        assertThat(result.details().get("doubts").toString()).contains("BANK_NOT_GIVEN");
    }

    @ParameterizedTest(name = "bank_code \"{0}\" is unknown")
    @CsvSource({"XYZ", "970499", "123", "Vietcombankk", "970436 1"})
    void a_bank_code_outside_the_catalogue_is_unknown(String bankCode) {
        ItemResult result = validateAccount("0011004123456", bankCode);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("BANK_UNKNOWN");
        assertThat(Items.errors(result).get(0)).containsEntry("field", "bank_code");
    }

    @ParameterizedTest(name = "{0} ({1} digits) is outside 6-19")
    @CsvSource({"12345, 5", "1, 1", "12345678901234567890, 20", "1234 5678 9012 3456 7890 1, 21"})
    void an_account_outside_the_global_length_range_is_rejected(String account, int digits) {
        ItemResult result = validateAccount(account, null);

        assertThat(result.errorCode()).isEqualTo("BANK_ACCOUNT_LENGTH");
        assertThat(Items.errors(result).get(0).get("message").toString()).contains(digits + " digits");
    }

    @ParameterizedTest(name = "{0} does not fit {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0011004123456789 | VCB      | Vietcombank accounts have 9 to 14
            12345678         | Agribank | Agribank accounts have 13 to 15
            1234567890123    | 970415   | VietinBank accounts have 9 to 12
            12345            | MB       | allowed 6 to 19
            12345678         | CAKE     | CAKE accounts have 9 to 15
            1234567890123456 | MOMO     | MoMo accounts have 9 to 15
            """)
    void an_account_whose_length_does_not_fit_its_bank_is_rejected(String account, String bankCode, String message) {
        ItemResult result = validateAccount(account, bankCode);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("BANK_ACCOUNT_LENGTH");
        assertThat(Items.errors(result).get(0).get("message").toString()).contains(message);
        assertThat(result.details()).doesNotContainKey("bank_account");
    }

    @ParameterizedTest(name = "\"{0}\" is not an account number")
    @CsvSource({"12ab5678", "1234.5678", "+12345678", "١٢٣٤٥٦٧٨", "'--'", "1234_5678", "0011/004123456"})
    void anything_but_digits_spaces_and_dashes_is_an_invalid_format(String account) {
        ItemResult result = validateAccount(account, "VCB");

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("BANK_ACCOUNT_INVALID_FORMAT");
        assertThat(result.details()).doesNotContainKey("bank_account");
    }

    @Test
    void an_unknown_bank_and_a_bad_account_are_both_reported() {
        ItemResult result = validateAccount("12ab", "XYZ");

        assertThat(errorCodes(result)).containsExactly("BANK_UNKNOWN", "BANK_ACCOUNT_INVALID_FORMAT");
    }

    @Test
    void a_bank_code_without_account_still_names_its_bank() {
        ItemResult result = Items.BUNDLED.validate("validate", Items.item(null, Items.VALID_PHONE, null, "970436"));

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(bankDetails(result))
                .containsEntry("code", "VCB")
                .containsEntry("short_name", "Vietcombank")
                .containsEntry("name", "Ngân hàng TMCP Ngoại thương Việt Nam")
                .containsEntry("bin", "970436");
    }
}
