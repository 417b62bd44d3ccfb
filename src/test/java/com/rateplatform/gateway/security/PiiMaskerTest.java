package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rateplatform.gateway.message.Json;

/** Which numbers are masked, how, and what is left alone so logs stay useful. */
class PiiMaskerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            phone 0912345678 is invalid                 | phone 091****678 is invalid
            +84 912 345 678                             | +84 9** *** 678
            call 091-234-5678.                          | call 091-***-*678.
            account=0123456789012                       | account=012*******012
            "phone":"0912345678"                        | "phone":"091****678"
            "bank_account": "12345"                     | "bank_account": "*****"
            Key (request_id)=(0912345678) is not present | Key (request_id)=(091****678) is not present
            two: 0912345678, 0987654321                 | two: 091****678, 098****321
            """)
    void phoneAndAccountNumbersKeepOnlyTheirFirstAndLastThreeDigits(String text, String masked) {
        assertThat(PiiMasker.mask(text)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            entry 1732252800000-0 of validation_requests
            request 01920124-1238-7abc-8def-123456789012 accepted
            at 2026-11-22 10:00:00
            took 1234567 ms
            Apache Camel 4.18.0 started
            Redis at 192.168.100.200:6379
            token rgw_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG
            repeat-1732252800000123 done
            """)
    void identifiersDatesVersionsAndShortNumbersAreLeftAlone(String text) {
        assertThat(PiiMasker.mask(text)).isEqualTo(text);
    }

    @Test
    void jsonMasksSensitiveFieldsWhateverTheirLengthAndNumbersInOtherStrings() {
        String masked = PiiMasker.maskJsonText("""
                {"payload": "{\\"phone\\":\\"0912345678\\"}", "items": [{"phone": "12345", "bank_account": 9876543210,
                 "name": "An", "note": "call 0912345678"}], "fail_count": 3}""");

        assertThat(Json.read(masked, java.util.Map.class)).isEqualTo(Json.read("""
                {"payload": "{\\"phone\\":\\"091****678\\"}", "items": [{"phone": "*****", "bank_account": "987****210",
                 "name": "An", "note": "call 091****678"}], "fail_count": 3}""", java.util.Map.class));
    }

    @Test
    void textThatIsNotJsonIsMaskedAsText() {
        assertThat(PiiMasker.maskJsonText("not json 0912345678")).isEqualTo("not json 091****678");
    }
}
