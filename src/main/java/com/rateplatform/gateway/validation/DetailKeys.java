package com.rateplatform.gateway.validation;

/**
 * The keys of {@code ItemResult.details}, a contract with the persistence layer and API clients
 * (docs/Validation-Rules.md, "Details"). A field's normalized value is present only when that field is valid.
 */
public final class DetailKeys {

    /** Object: {@link #E164}, {@link #TYPE}, {@link #REGION} and, when libphonenumber knows it, {@link #CARRIER}. */
    public static final String PHONE = "phone";
    /** The phone in E.164 form, such as {@code +84912345678}. */
    public static final String E164 = "e164";
    /** The libphonenumber number type, such as {@code MOBILE} or {@code FIXED_LINE}. */
    public static final String TYPE = "type";
    /** ISO 3166 region of the number, such as {@code VN}. */
    public static final String REGION = "region";
    /** Original network of the number's prefix (English name); absent when unknown. */
    public static final String CARRIER = "carrier";

    /**
     * Object, only with error PHONE_RENUMBERED: the current number an old one became, {@link #E164}, {@link #NATIONAL},
     * {@link #TYPE}, {@link #REGION}, {@link #CARRIER} when known, {@link #OLD_PREFIX} and {@link #NEW_PREFIX}.
     */
    public static final String CURRENT_PHONE = "current_phone";
    /** The number in national form, digits only, such as {@code 0329123456}. */
    public static final String NATIONAL = "national";
    /** The prefix that was replaced, in national form, such as {@code 0162}. */
    public static final String OLD_PREFIX = "old_prefix";
    /** The prefix that replaced it, in national form, such as {@code 032}. */
    public static final String NEW_PREFIX = "new_prefix";

    /** String: the account number's digits, separators stripped. */
    public static final String BANK_ACCOUNT = "bank_account";
    /** Object: the catalogue entry the bank code names: {@link #BANK_CODE}, {@link #SHORT_NAME}, {@link #NAME}, {@link #BIN}. */
    public static final String BANK = "bank";
    public static final String BANK_CODE = "code";
    public static final String SHORT_NAME = "short_name";
    public static final String BIN = "bin";

    /** String: the name after NFC normalization and whitespace collapsing; inside {@link #BANK} the bank's full name. */
    public static final String NAME = "name";

    /** List of {@code {field, code, message}}, every failure in order; present only when the verdict is ERROR. */
    public static final String ERRORS = "errors";
    public static final String ERROR_FIELD = "field";
    public static final String ERROR_CODE = "code";
    public static final String ERROR_MESSAGE = "message";

    /** List of {@link Doubt} names that lowered the confidence; absent when there are none. */
    public static final String DOUBTS = "doubts";

    private DetailKeys() {
    }
}
