package com.rateplatform.gateway.validation;

import static com.rateplatform.gateway.validation.Items.errorCodes;
import static com.rateplatform.gateway.validation.Items.phoneDetails;
import static com.rateplatform.gateway.validation.Items.validatePhone;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ItemResult.Verdict;

/**
 * Numbers from before Vietnam's renumbering (phone.renumbered of the bundled rules): the 2018 conversion of 11-digit
 * mobiles and the 2017 change of landline area codes give PHONE_RENUMBERED with the current number.
 */
class PhoneRenumberingTest {

    @ParameterizedTest(name = "{0} ({3}) is now {1}")
    @CsvSource(delimiter = '|', textBlock = """
            01629123456 | +84329123456 | 0329123456 | Viettel 0162
            01639123456 | +84339123456 | 0339123456 | Viettel 0163
            01649123456 | +84349123456 | 0349123456 | Viettel 0164
            01659123456 | +84359123456 | 0359123456 | Viettel 0165
            01669123456 | +84369123456 | 0369123456 | Viettel 0166
            01679123456 | +84379123456 | 0379123456 | Viettel 0167
            01689123456 | +84389123456 | 0389123456 | Viettel 0168
            01699123456 | +84399123456 | 0399123456 | Viettel 0169
            01201234567 | +84701234567 | 0701234567 | MobiFone 0120
            01211234567 | +84791234567 | 0791234567 | MobiFone 0121
            01221234567 | +84771234567 | 0771234567 | MobiFone 0122
            01261234567 | +84761234567 | 0761234567 | MobiFone 0126
            01281234567 | +84781234567 | 0781234567 | MobiFone 0128
            01231234567 | +84831234567 | 0831234567 | VinaPhone 0123
            01241234567 | +84841234567 | 0841234567 | VinaPhone 0124
            01251234567 | +84851234567 | 0851234567 | VinaPhone 0125
            01271234567 | +84811234567 | 0811234567 | VinaPhone 0127
            01291234567 | +84821234567 | 0821234567 | VinaPhone 0129
            01861234567 | +84561234567 | 0561234567 | Vietnamobile 0186
            01881234567 | +84581234567 | 0581234567 | Vietnamobile 0188
            01991234567 | +84591234567 | 0591234567 | Gmobile 0199
            """)
    void an_eleven_digit_mobile_of_2018_gives_its_ten_digit_number(String phone, String e164, String national, String prefix) {
        ItemResult result = validatePhone(phone);

        assertThat(result.errorCode()).isEqualTo("PHONE_RENUMBERED");
        assertThat(currentPhone(result)).containsEntry("e164", e164).containsEntry("national", national)
                .containsEntry("type", "MOBILE").containsEntry("region", "VN")
                .containsEntry("old_prefix", prefix.substring(prefix.indexOf(' ') + 1));
    }

    @ParameterizedTest(name = "{0} ({3}) is now {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0223822123  | +842123822123 | 02123822123 | Sơn La 022
            02313822123 | +842133822123 | 02133822123 | Lai Châu 0231
            0203822123  | +842143822123 | 02143822123 | Lào Cai 020
            02303822123 | +842153822123 | 02153822123 | Điện Biên 0230
            0293822123  | +842163822123 | 02163822123 | Yên Bái 029
            0533822123  | +842333822123 | 02333822123 | Quảng Trị 053
            0543822123  | +842343822123 | 02343822123 | Thừa Thiên Huế 054
            05103822123 | +842353822123 | 02353822123 | Quảng Nam 0510
            05113822123 | +842363822123 | 02363822123 | Đà Nẵng 0511
            02403822123 | +842043822123 | 02043822123 | Bắc Giang 0240
            0253822123  | +842053822123 | 02053822123 | Lạng Sơn 025
            0263822123  | +842063822123 | 02063822123 | Cao Bằng 026
            0273822123  | +842073822123 | 02073822123 | Tuyên Quang 027
            02803822123 | +842083822123 | 02083822123 | Thái Nguyên 0280
            02813822123 | +842093822123 | 02093822123 | Bắc Kạn 0281
            03203822123 | +842203822123 | 02203822123 | Hải Dương 0320
            03213822123 | +842213822123 | 02213822123 | Hưng Yên 0321
            02413822123 | +842223822123 | 02223822123 | Bắc Ninh 0241
            03513822123 | +842263822123 | 02263822123 | Hà Nam 0351
            03503822123 | +842283822123 | 02283822123 | Nam Định 0350
            07803822123 | +842903822123 | 02903822123 | Cà Mau 0780
            07813822123 | +842913822123 | 02913822123 | Bạc Liêu 0781
            07103822123 | +842923822123 | 02923822123 | Cần Thơ 0710
            07113822123 | +842933822123 | 02933822123 | Hậu Giang 0711
            0743822123  | +842943822123 | 02943822123 | Trà Vinh 074
            0438251234  | +842438251234 | 02438251234 | Hà Nội 04
            0891234567  | +842891234567 | 02891234567 | TP. Hồ Chí Minh 08
            0613822123  | +842513822123 | 02513822123 | Đồng Nai 061
            0623822123  | +842523822123 | 02523822123 | Bình Thuận 062
            0643822123  | +842543822123 | 02543822123 | Bà Rịa - Vũng Tàu 064
            0553822123  | +842553822123 | 02553822123 | Quảng Ngãi 055
            0573822123  | +842573822123 | 02573822123 | Phú Yên 057
            0683822123  | +842593822123 | 02593822123 | Ninh Thuận 068
            0603822123  | +842603822123 | 02603822123 | Kon Tum 060
            05013822123 | +842613822123 | 02613822123 | Đắk Nông 0501
            05003822123 | +842623822123 | 02623822123 | Đắk Lắk 0500
            0633822123  | +842633822123 | 02633822123 | Lâm Đồng 063
            06513822123 | +842713822123 | 02713822123 | Bình Phước 0651
            0723822123  | +842723822123 | 02723822123 | Long An 072
            0733822123  | +842733822123 | 02733822123 | Tiền Giang 073
            06503822123 | +842743822123 | 02743822123 | Bình Dương 0650
            0753822123  | +842753822123 | 02753822123 | Bến Tre 075
            0663822123  | +842763822123 | 02763822123 | Tây Ninh 066
            0673822123  | +842773822123 | 02773822123 | Đồng Tháp 067
            0521234567  | +842321234567 | 02321234567 | Quảng Bình 052
            """)
    void a_landline_with_its_area_code_of_before_2017_gives_its_current_number(String phone, String e164, String national,
                                                                              String area) {
        ItemResult result = validatePhone(phone);

        assertThat(result.errorCode()).isEqualTo("PHONE_RENUMBERED");
        assertThat(currentPhone(result)).containsEntry("e164", e164).containsEntry("national", national)
                .containsEntry("type", "FIXED_LINE").containsEntry("old_prefix", area.substring(area.lastIndexOf(' ') + 1));
    }

    @ParameterizedTest(name = "\"{0}\" is the old form of {1}")
    @CsvSource(delimiter = '|', textBlock = """
            01629123456          | +84329123456
            0162 912 3456        | +84329123456
            0162.912.3456        | +84329123456
            0162-912-3456        | +84329123456
            (0162) 912-3456      | +84329123456
            1629123456           | +84329123456
            +841629123456        | +84329123456
            +84 162 912 3456     | +84329123456
            +84 0162 912 3456    | +84329123456
            84 162 912 3456      | +84329123456
            841629123456         | +84329123456
            0084 162 912 3456    | +84329123456
            '  01629123456  '    | +84329123456
            04 3825 1234         | +842438251234
            (04) 3825-1234       | +842438251234
            04.3825.1234         | +842438251234
            +84 4 3825 1234      | +842438251234
            84 4 3825 1234       | +842438251234
            438251234            | +842438251234
            0511 3 821 234       | +842363821234
            +84 511 3821 234     | +842363821234
            """)
    void every_accepted_form_of_an_old_number_finds_its_current_number(String phone, String e164) {
        ItemResult result = validatePhone(phone);

        assertThat(result.errorCode()).isEqualTo("PHONE_RENUMBERED");
        assertThat(currentPhone(result)).containsEntry("e164", e164);
    }

    @Test
    void a_renumbered_phone_is_an_error_of_confidence_zero_naming_the_change_and_the_current_number() {
        ItemResult result = validatePhone("0162 912 3456");

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.confidence()).isZero();
        assertThat(errorCodes(result)).containsExactly("PHONE_RENUMBERED");
        assertThat(Items.errors(result).get(0)).containsEntry("field", "phone").containsEntry("message",
                "phone +841629123456 is an old number (11-digit mobile numbers to 10 digits (2018): 0162 became 032, Viettel);"
                        + " the current number is +84329123456 (0329123456)");
        assertThat(phoneDetails(result)).isNull();
        assertThat(currentPhone(result)).containsExactly(Map.entry("e164", "+84329123456"), Map.entry("type", "MOBILE"),
                Map.entry("region", "VN"), Map.entry("carrier", "Viettel"), Map.entry("national", "0329123456"),
                Map.entry("old_prefix", "0162"), Map.entry("new_prefix", "032"));
    }

    @ParameterizedTest(name = "{0} ({1}) is a valid number today")
    @CsvSource(delimiter = '|', textBlock = """
            08 3822 1234 | old Hồ Chí Minh City landline shape, VinaPhone 083 mobile today
            0373822123   | old Thanh Hóa 037 landline shape, Viettel 037 mobile today
            0703822123   | old Vĩnh Long 070 landline shape, MobiFone 070 mobile today
            0593822123   | old Gia Lai 059 landline shape, Gmobile 059 mobile today
            0313822123   | old Hải Phòng 031 landline shape, Viettel 031 mobile today
            0561234567   | old Bình Định 056 landline shape, Vietnamobile 056 mobile today
            0913822123   | never an area code
            """)
    void a_number_valid_today_is_never_read_as_an_old_one(String phone, String why) {
        ItemResult result = validatePhone(phone);

        assertThat(result.verdict()).isEqualTo(Verdict.DONE);
        assertThat(phoneDetails(result)).containsEntry("type", "MOBILE");
        assertThat(result.details()).doesNotContainKey("current_phone");
    }

    @ParameterizedTest(name = "{0} ({1}) stays PHONE_INVALID")
    @CsvSource(delimiter = '|', textBlock = """
            016291234567 | one digit too many for an old mobile
            0162912345   | one digit short of an old mobile
            043825123    | one digit short of an old Hanoi landline
            0801234567   | 08 then a subscriber starting with 0, not a valid Ho Chi Minh City number
            0502123456   | 0502 was never an area code
            +1 162 912 3456 | another country's number
            """)
    void an_invalid_number_whose_conversion_is_not_valid_today_stays_invalid(String phone, String why) {
        ItemResult result = validatePhone(phone);

        assertThat(errorCodes(result)).containsExactly("PHONE_INVALID");
        assertThat(result.details()).doesNotContainKey("current_phone");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> currentPhone(ItemResult result) {
        return (Map<String, Object>) result.details().get("current_phone");
    }
}
