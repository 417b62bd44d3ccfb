package com.rateplatform.gateway.validation;

import static com.rateplatform.gateway.validation.Items.errorCodes;
import static com.rateplatform.gateway.validation.Items.phoneDetails;
import static com.rateplatform.gateway.validation.Items.validatePhone;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ItemResult.Verdict;

/**
 * The phone rule against what libphonenumber 9.0.43 (and its carrier data) really says about
 * Vietnamese and foreign numbers.
 */
class PhoneValidationTest {

    @ParameterizedTest(name = "{0} {1} is a valid mobile of {3}")
    @CsvSource(delimiter = '|', textBlock = """
            Viettel      | 0861234567 | +84861234567 | Viettel
            Viettel      | 0961234567 | +84961234567 | Viettel
            Viettel      | 0971234567 | +84971234567 | Viettel
            Viettel      | 0981234567 | +84981234567 | Viettel
            Viettel      | 0321234567 | +84321234567 | Viettel
            Viettel      | 0331234567 | +84331234567 | Viettel
            Viettel      | 0341234567 | +84341234567 | Viettel
            Viettel      | 0351234567 | +84351234567 | Viettel
            Viettel      | 0361234567 | +84361234567 | Viettel
            Viettel      | 0371234567 | +84371234567 | Viettel
            Viettel      | 0381234567 | +84381234567 | Viettel
            Viettel      | 0391234567 | +84391234567 | Viettel
            Vinaphone    | 0881234567 | +84881234567 | Vinaphone
            Vinaphone    | 0911234567 | +84911234567 | Vinaphone
            Vinaphone    | 0941234567 | +84941234567 | Vinaphone
            Vinaphone    | 0811234567 | +84811234567 | Vinaphone
            Vinaphone    | 0821234567 | +84821234567 | Vinaphone
            Vinaphone    | 0831234567 | +84831234567 | Vinaphone
            Vinaphone    | 0841234567 | +84841234567 | Vinaphone
            Vinaphone    | 0851234567 | +84851234567 | Vinaphone
            MobiFone     | 0896789012 | +84896789012 | MobiFone
            MobiFone     | 0901234567 | +84901234567 | MobiFone
            MobiFone     | 0931234567 | +84931234567 | MobiFone
            MobiFone     | 0701234567 | +84701234567 | MobiFone
            MobiFone     | 0761234567 | +84761234567 | MobiFone
            MobiFone     | 0771234567 | +84771234567 | MobiFone
            MobiFone     | 0781234567 | +84781234567 | MobiFone
            MobiFone     | 0791234567 | +84791234567 | MobiFone
            Vietnamobile | 0921234567 | +84921234567 | Vietnamobile
            Vietnamobile | 0561234567 | +84561234567 | Vietnamobile
            Vietnamobile | 0581234567 | +84581234567 | Vietnamobile
            Gmobile      | 0993456789 | +84993456789 | G-Mobile
            Gmobile      | 0591234567 | +84591234567 | G-Mobile
            Itelecom     | 0871234567 | +84871234567 | Vinaphone
            Reddi        | 0559012345 | +84559012345 | Reddi
            """)
    void a_current_mobile_prefix_is_a_valid_vietnamese_mobile_with_the_carrier_libphonenumber_names(
            String network, String phone, String e164, String carrier) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(result.errorCode()).isNull();
        assertThat(phoneDetails(result))
                .containsEntry("e164", e164)
                .containsEntry("type", "MOBILE")
                .containsEntry("region", "VN")
                .containsEntry("carrier", carrier);
    }

    @Test
    void a_valid_mobile_whose_prefix_has_no_carrier_in_the_data_gets_no_carrier_key() {
        ItemResult result = validatePhone("0990123456");

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(phoneDetails(result)).containsEntry("e164", "+84990123456").doesNotContainKey("carrier");
    }

    @ParameterizedTest(name = "{0} is outside the ranges libphonenumber lists ({1}): {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0891234567 | MobiFone 089 is valid only from 0896 to 0899 | PHONE_RENUMBERED
            0551234567 | Reddi 055 is valid only as 0559               | PHONE_RENUMBERED
            0521234567 | 052 is not assigned                           | PHONE_RENUMBERED
            0502123456 | 050 is not assigned                           | PHONE_INVALID
            """)
    void a_number_in_an_unlisted_range_of_a_mobile_prefix_is_not_a_valid_mobile(String phone, String why, String code) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo(code);
        assertThat(phoneDetails(result)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\" normalizes to {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0912345678          | +84912345678
            +84912345678        | +84912345678
            +84 912 345 678     | +84912345678
            84912345678         | +84912345678
            0084912345678       | +84912345678
            0912.345.678        | +84912345678
            0912-345-678        | +84912345678
            (091) 234 5678      | +84912345678
            (+84) 91-234.5678   | +84912345678
            '  0912345678  '    | +84912345678
            912345678           | +84912345678
            """)
    void local_international_and_separated_forms_give_the_same_e164(String phone, String e164) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(phoneDetails(result)).containsEntry("e164", e164).containsEntry("type", "MOBILE");
    }

    @ParameterizedTest(name = "{0} is a landline ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            02438251234       | +842438251234 | Hanoi 024
            024 3825 1234     | +842438251234 | Hanoi 024 with spaces
            +84 24 3825 1234  | +842438251234 | Hanoi 024 international
            02838221234       | +842838221234 | Ho Chi Minh City 028
            02363821234       | +842363821234 | Da Nang 0236
            02253123456       | +842253123456 | Hai Phong 0225
            """)
    void a_vietnamese_landline_is_a_valid_fixed_line_without_carrier(String phone, String e164, String where) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(phoneDetails(result))
                .containsEntry("e164", e164)
                .containsEntry("type", "FIXED_LINE")
                .containsEntry("region", "VN")
                .doesNotContainKey("carrier");
    }

    @ParameterizedTest(name = "old 11-digit {0} is no longer valid")
    @CsvSource({"01681234567", "01231234567", "01991234567", "01861234567", "01201234567", "0168 123 4567", "+84 1681234567"})
    void an_old_eleven_digit_mobile_number_is_no_longer_valid(String phone) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("PHONE_RENUMBERED");
        assertThat(phoneDetails(result)).isNull();
    }

    @ParameterizedTest(name = "{0} is a valid {2} of {1}")
    @CsvSource(delimiter = '|', textBlock = """
            +1 650 253 0000    | US | FIXED_LINE_OR_MOBILE | +16502530000   |
            +44 20 7946 0958   | GB | FIXED_LINE           | +442079460958  |
            +65 8123 4567      | SG | MOBILE               | +6581234567    | SingTel
            +86 138 0013 8000  | CN | MOBILE               | +8613800138000 | China Mobile
            0033 6 12 34 56 78 | FR | MOBILE               | +33612345678   | SFR
            """)
    void a_foreign_number_with_its_country_code_is_valid_in_its_own_region(
            String phone, String region, String type, String e164, String carrier) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(phoneDetails(result)).containsEntry("e164", e164).containsEntry("type", type).containsEntry("region", region);
        if (carrier == null) {
            assertThat(phoneDetails(result)).doesNotContainKey("carrier");
        } else {
            assertThat(phoneDetails(result)).containsEntry("carrier", carrier);
        }
    }

    @ParameterizedTest(name = "\"{0}\" is unparseable")
    @CsvSource(delimiter = '|', textBlock = """
            abc
            0912345abc
            0912/345/678
            +84+912345678
            84+912345678
            ++84912345678
            '---'
            '()'
            +
            ☎ 0912345678
            ０９１２３４５６７８
            0912345678 ext. 12
            +999 123 4567
            """)
    void anything_but_digits_a_leading_plus_and_separators_is_unparseable(String phone) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("PHONE_UNPARSEABLE");
        assertThat(phoneDetails(result)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\" parses but is not a valid number")
    @CsvSource({"12", "091234567", "09123456789", "+84 12"})
    void a_number_too_short_or_too_long_is_invalid(String phone) {
        ItemResult result = validatePhone(phone);

        assertThat(result.errorCode()).isEqualTo("PHONE_INVALID");
    }

    @ParameterizedTest(name = "{0} is a {1} number, not allowed by default")
    @CsvSource(delimiter = '|', textBlock = """
            1900545425 | PREMIUM_RATE
            18001091   | TOLL_FREE
            """)
    void a_valid_number_of_a_type_outside_the_allowed_types_is_rejected(String phone, String type) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.errorCode()).isEqualTo("PHONE_TYPE_NOT_ALLOWED");
        assertThat(Items.errors(result).get(0).get("message").toString()).contains(type);
    }

    @Test
    void the_message_of_an_invalid_number_shows_its_e164_form() {
        ItemResult result = validatePhone("0801 234 567");

        assertThat(errorCodes(result)).containsExactly("PHONE_INVALID");
        assertThat(Items.errors(result).get(0))
                .containsEntry("field", "phone")
                .containsEntry("message", "phone +84801234567 is not a valid number of VN");
    }
}
