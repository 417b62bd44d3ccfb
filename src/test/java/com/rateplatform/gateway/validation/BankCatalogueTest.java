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
            "mb-bank, MBBank", "VietCapitalBank, BVBank", "Oceanbank, MBV"})
    void a_bank_code_matches_a_code_short_name_or_alias_ignoring_case_spaces_and_dashes(String bankCode, String shortName) {
        assertThat(BANKS.find(bankCode)).get().extracting(Bank::shortName).isEqualTo(shortName);
    }

    @Test
    void the_catalogue_has_the_58_banks_of_the_vietnam_qr_pay_1_5_1_list() {
        assertThat(BANKS.banks()).hasSize(58);
    }

    /** Every bank of vietnam-qr-pay 1.5.1's dist/constants/banks.js: its BIN, its code and its short name. */
    @ParameterizedTest(name = "BIN {0}, code \"{1}\" and short name \"{2}\" name {3}")
    @CsvSource(delimiter = '|', textBlock = """
            970425 | ABB         | AB Bank                      | ABBANK
            970416 | ACB         | ACB                          | ACB
            970405 | AGRIBANK    | Agribank                     | Agribank
            970409 | BAB         | BacA Bank                    | BacABank
            970438 | BAOVIETBANK | BaoViet Bank                 | BaoVietBank
            970418 | BID         | BIDV                         | BIDV
            546034 | CAKE        | CAKE by VPBank               | CAKE
            970444 | VNCB        | CB Bank                      | CBBank
            422589 | CIMB        | CIMB Bank                    | CIMB
            970446 | COOPBANK    | Co-op Bank                   | COOPBANK
            796500 | DBS         | DBS Bank                     | DBSBank
            970406 | DONGABANK   | DongA Bank                   | VikkiBank
            970431 | EIB         | Eximbank                     | Eximbank
            970408 | GPBANK      | GPBank                       | GPBank
            970437 | HDB         | HDBank                       | HDBank
            970442 | HLB         | HongLeong Bank               | HongLeong
            458761 | HSBC        | HSBC Vietnam                 | HSBC
            970456 | IBKHCM      | IBK HCM                      | IBKHCM
            970455 | IBKHN       | IBK HN                       | IBKHN
            970434 | IVB         | Indovina Bank                | IndovinaBank
            668888 | KBANK       | Kasikornbank                 | Kasikornbank
            970452 | KLB         | KienlongBank                 | KienLongBank
            970463 | KBHCM       | Kookmin Bank HCM             | KookminHCM
            970462 | KBHN        | Kookmin Bank HN              | KookminHN
            970449 | LPB         | LienVietPostBank             | LPBank
            970449 | LPB         | LPBank                       | LPBank
            963369 | LIOBANK     | Liobank                      | Liobank
            970422 | MBB         | MB Bank                      | MBBank
            970414 | MBV         | MBV                          | MBV
            970426 | MSB         | MSB                          | MSB
            970428 | NAB         | Nam A Bank                   | NamABank
            970419 | NVB         | NCB Bank                     | NCB
            801011 | NONGHYUP    | Nonghyup Bank                | Nonghyup
            970448 | OCB         | OCB Bank                     | OCB
            970414 | OCEANBANK   | Ocean Bank                   | MBV
            970430 | PGB         | PG Bank                      | PGBank
            970439 | PBVN        | Public Bank Vietnam          | PublicBank
            970412 | PVCOMBANK   | PVcomBank                    | PVcomBank
            970403 | STB         | Sacombank                    | Sacombank
            970400 | SGB         | SaigonBank                   | SaigonBank
            970429 | SCB         | SCB                          | SCB
            970440 | SSB         | SeABank                      | SeABank
            970443 | SHB         | SHB                          | SHB
            970424 | SVB         | Shinhan Bank                 | ShinhanBank
            970410 | SC          | Standard Chartered Vietnam   | StandardChartered
            970407 | TCB         | Techcombank                  | Techcombank
            963388 | TIMO        | Timo                         | Timo
            970423 | TPB         | TPBank                       | TPBank
            546035 | UBANK       | Ubank by VPBank              | Ubank
            970458 | UOB         | United Overseas Bank Vietnam | UnitedOverseas
            970441 | VIB         | VIB                          | VIB
            970427 | VAB         | VietABank                    | VietABank
            970433 | VBB         | VietBank                     | VietBank
            970436 | VCB         | Vietcombank                  | Vietcombank
            970415 | CTG         | VietinBank                   | VietinBank
            970406 | VIKKI       | Vikki Bank                   | VikkiBank
            970432 | VPB         | VPBank                       | VPBank
            970421 | VRB         | VietNgaBank                  | VRB
            970457 | WRB         | Woori Bank                   | Woori
            971025 | MOMO        | MoMo                         | MoMo
            """)
    void every_bin_code_and_short_name_of_the_published_list_names_its_bank(String bin, String code, String listShortName,
                                                                          String shortName) {
        assertThat(BANKS.find(bin)).get().extracting(Bank::shortName).isEqualTo(shortName);
        assertThat(BANKS.find(code)).get().extracting(Bank::bin).isEqualTo(bin);
        assertThat(BANKS.find(listShortName)).get().extracting(Bank::bin).isEqualTo(bin);
    }

    @Test
    void bvb_stays_baovietbank_as_in_vietqr_though_vietnam_qr_pay_uses_it_for_bvbank() {
        assertThat(BANKS.find("BVB")).get().extracting(Bank::shortName).isEqualTo("BaoVietBank");
        assertThat(BANKS.find("BVBank")).get().extracting(Bank::bin).isEqualTo("970454");
    }

    @ParameterizedTest(name = "BIN {0} now trades as {1} ({2}); the old name {3} still finds it")
    @CsvSource({"970406, VikkiBank, Ngân hàng TNHH MTV Số Vikki, DongABank", "970406, VikkiBank, Ngân hàng TNHH MTV Số Vikki, DOB",
            "970414, MBV, Ngân hàng TNHH MTV Việt Nam Hiện Đại, Oceanbank"})
    void a_renamed_bank_carries_its_current_name_and_keeps_its_old_one_as_an_alias(String bin, String shortName, String name,
                                                                                  String oldName) {
        Bank bank = BANKS.find(bin).orElseThrow();

        assertThat(bank.shortName()).isEqualTo(shortName);
        assertThat(bank.name()).isEqualTo(name);
        assertThat(BANKS.find(oldName)).containsSame(bank);
    }

    @Test
    void an_unknown_code_finds_nothing() {
        assertThat(BANKS.find("NOPE")).isEmpty();
    }
}
