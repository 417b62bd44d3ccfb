package com.rateplatform.gateway.validation;

/** Why an item failed validation; the name is the {@code error_code} of the result and of each {@code details.errors} entry. */
public enum ErrorCode {
    /** A field the action needs is missing or blank. */
    FIELD_REQUIRED,
    /** The request's action has no requirements in the rules file. */
    ACTION_UNKNOWN,
    /** The phone holds characters other than digits, a leading +, spaces, dots, dashes and parentheses, or libphonenumber cannot parse it. */
    PHONE_UNPARSEABLE,
    /** libphonenumber parses the phone but says it is not a valid number. */
    PHONE_INVALID,
    /** The phone is an old number of a renumbering (rules file, phone.renumbered): details.current_phone gives the current one. */
    PHONE_RENUMBERED,
    /** The phone is valid but of a number type the rules do not allow. */
    PHONE_TYPE_NOT_ALLOWED,
    /** The bank account holds something other than digits once spaces and dashes are stripped. */
    BANK_ACCOUNT_INVALID_FORMAT,
    /** The bank account's digit count is outside the global range or outside its bank's range. */
    BANK_ACCOUNT_LENGTH,
    /** The bank code names no bank of the catalogue. */
    BANK_UNKNOWN,
    /** The name holds a character other than letters, spaces, apostrophes, hyphens and periods, or no letter at all. */
    NAME_INVALID_CHARS,
    /** The normalized name is shorter or longer than the rules allow. */
    NAME_LENGTH
}
