package com.rateplatform.gateway.validation;

import java.util.Optional;

/**
 * The bank account rule: spaces and dashes off, digits only, a length within the global range and,
 * when a bank code is given, a bank of the catalogue whose own length range fits. Gives
 * {@code details.bank_account} and {@code details.bank}.
 */
final class BankAccountRule {

    static final String ACCOUNT_FIELD = "bank_account";
    static final String BANK_CODE_FIELD = "bank_code";

    private final LengthRange length;
    private final BankCatalogue banks;

    BankAccountRule(LengthRange length, BankCatalogue banks) {
        this.length = length;
        this.banks = banks;
    }

    /** Either argument may be absent (null or blank); each present one is checked. */
    void check(String account, String bankCode, Findings findings) {
        boolean bankGiven = ItemField.isPresent(bankCode);
        Optional<Bank> bank = Optional.empty();
        if (bankGiven) {
            bank = banks.find(bankCode);
            if (bank.isEmpty()) {
                findings.fail(BANK_CODE_FIELD, ErrorCode.BANK_UNKNOWN,
                        "bank_code '" + bankCode.strip() + "' is neither the BIN nor a name of a bank in the catalogue");
            } else {
                findings.normalized(DetailKeys.BANK, bank.get().details());
            }
        }
        if (!ItemField.isPresent(account)) {
            return;
        }
        String digits = digitsOf(account);
        if (digits == null) {
            findings.fail(ACCOUNT_FIELD, ErrorCode.BANK_ACCOUNT_INVALID_FORMAT,
                    "bank_account may hold only digits, spaces and dashes");
            return;
        }
        if (!length.contains(digits.length())) {
            findings.fail(ACCOUNT_FIELD, ErrorCode.BANK_ACCOUNT_LENGTH,
                    "bank_account has " + digits.length() + " digits; allowed " + length);
            return;
        }
        if (bank.isPresent() && !bank.get().accountLength().contains(digits.length())) {
            findings.fail(ACCOUNT_FIELD, ErrorCode.BANK_ACCOUNT_LENGTH, "bank_account has " + digits.length() + " digits; "
                    + bank.get().shortName() + " accounts have " + bank.get().accountLength());
            return;
        }
        findings.normalized(DetailKeys.BANK_ACCOUNT, digits);
        if (!digits.equals(account.strip())) {
            findings.doubt(Doubt.BANK_ACCOUNT_SEPARATORS_REMOVED);
        }
        if (!bankGiven) {
            findings.doubt(Doubt.BANK_NOT_GIVEN);
        }
    }

    /** The ASCII digits of the account with whitespace and dashes removed, or null when anything else is in it. */
    static String digitsOf(String account) {
        return Digits.of(account, false, BankAccountRule::isSeparator);
    }

    /** Whitespace, ASCII hyphen-minus and the Unicode hyphens and dashes U+2010 to U+2015. */
    private static boolean isSeparator(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '-' || c >= '\u2010' && c <= '\u2015';
    }
}
