package com.rateplatform.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** The phone rule's single type look-up agrees with libphonenumber's isValidNumber. */
class PhoneValidityTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final PhoneRule RULE =
            new PhoneRule(new PhoneRule.Settings("VN", EnumSet.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE), PhoneRenumbering.NONE));

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0912345678", "0896789012", "0891234567", "0559012345", "0551234567", "0521234567", "02438251234",
            "01681234567", "12", "1900545425", "18001091", "+16502530000", "+442079460958", "+6581234567",
            "+8613800138000", "+33612345678", "+80012345678", "+882 3 4567 8901", "+1 242 357 1234", "+1 200 555 0100"})
    void the_type_is_unknown_exactly_when_libphonenumber_says_the_number_is_invalid(String phone) throws NumberParseException {
        PhoneNumber number = UTIL.parse(phone, "VN");

        assertThat(RULE.typeIfValid(number) != PhoneNumberType.UNKNOWN).isEqualTo(UTIL.isValidNumber(number));
    }
}
