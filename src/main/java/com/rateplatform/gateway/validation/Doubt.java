package com.rateplatform.gateway.validation;

/**
 * Something about a valid field that makes its normalized value less certain: the input had to be
 * repaired, or it can be read more than one way. Each doubt multiplies the item's confidence by its
 * factor, at most once per item ({@link Confidence}).
 */
public enum Doubt {
    /** Spaces, dots, dashes or parentheses were removed from the phone. */
    PHONE_SEPARATORS_REMOVED(0.98),
    /** The phone had no leading 0 and no country code ({@code 912345678}): the trunk prefix was assumed. */
    PHONE_TRUNK_PREFIX_MISSING(0.95),
    /** The phone started with a country code but no + ({@code 84912345678}): the leading digits were read as the country. */
    PHONE_COUNTRY_CODE_WITHOUT_PLUS(0.95),
    /** libphonenumber cannot tell a fixed line from a mobile for this number (FIXED_LINE_OR_MOBILE). */
    PHONE_TYPE_AMBIGUOUS(0.90),
    /** Spaces or dashes were removed from the bank account. */
    BANK_ACCOUNT_SEPARATORS_REMOVED(0.98),
    /** A bank account came without a bank code, so no bank's length rules could be checked. */
    BANK_NOT_GIVEN(0.85),
    /** The name changed under NFC normalization or whitespace collapsing. */
    NAME_REPAIRED(0.98);

    private final double factor;

    Doubt(double factor) {
        this.factor = factor;
    }

    public double factor() {
        return factor;
    }
}
