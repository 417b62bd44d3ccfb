package com.rateplatform.gateway.validation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToCarrierMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber.CountryCodeSource;

/**
 * The phone rule: separators off, parsed by libphonenumber in the default region, valid only when
 * libphonenumber says so and of an allowed type. Gives {@code details.phone}.
 */
final class PhoneRule {

    static final String FIELD = "phone";

    /**
     * @param allowedTypes FIXED_LINE_OR_MOBILE also passes when MOBILE or FIXED_LINE is allowed
     * @param renumbering  old prefixes whose numbers get PHONE_RENUMBERED and their current number
     */
    record Settings(String defaultRegion, Set<PhoneNumberType> allowedTypes, PhoneRenumbering renumbering) {

        Settings {
            allowedTypes = Collections.unmodifiableSet(EnumSet.copyOf(allowedTypes));
        }

        boolean allows(PhoneNumberType type) {
            return allowedTypes.contains(type) || type == PhoneNumberType.FIXED_LINE_OR_MOBILE
                    && (allowedTypes.contains(PhoneNumberType.MOBILE) || allowedTypes.contains(PhoneNumberType.FIXED_LINE));
        }
    }

    private static final Set<PhoneNumberType> TYPES_WITH_CARRIER =
            EnumSet.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.PAGER);

    private final Settings settings;
    private final PhoneNumberUtil util;
    private final PhoneNumberToCarrierMapper carriers;
    /** The default region's trunk prefix ("0" in VN), or null where it has none. */
    private final String trunkPrefix;

    PhoneRule(Settings settings) {
        PhoneData.preload();
        this.settings = settings;
        this.util = PhoneNumberUtil.getInstance();
        this.carriers = PhoneNumberToCarrierMapper.getInstance();
        this.trunkPrefix = util.getNddPrefixForRegion(settings.defaultRegion(), true);
    }

    void check(String input, Findings findings) {
        String phone = input.strip();
        String compact = withoutSeparators(phone);
        if (compact == null) {
            findings.fail(FIELD, ErrorCode.PHONE_UNPARSEABLE,
                    "phone may hold only digits, one leading +, spaces, dots, dashes and parentheses");
            return;
        }
        PhoneNumber number;
        try {
            number = util.parseAndKeepRawInput(compact, settings.defaultRegion());
        } catch (NumberParseException e) {
            findings.fail(FIELD, ErrorCode.PHONE_UNPARSEABLE, "phone is not a phone number: " + e.getMessage());
            return;
        }
        String e164 = util.format(number, PhoneNumberFormat.E164);
        PhoneNumberType type = typeIfValid(number);
        if (type == PhoneNumberType.UNKNOWN) {
            failInvalid(number, e164, findings);
            return;
        }
        if (!settings.allows(type)) {
            findings.fail(FIELD, ErrorCode.PHONE_TYPE_NOT_ALLOWED, "phone " + e164 + " is a " + type + " number; allowed: "
                    + settings.allowedTypes().stream().map(Enum::name).collect(Collectors.joining(", ")));
            return;
        }
        findings.normalized(DetailKeys.PHONE, details(number, e164, type));
        noteDoubts(phone, compact, number, type, findings);
    }

    /**
     * An old number that was renumbered gives PHONE_RENUMBERED and its current number; any other invalid number
     * PHONE_INVALID. Only numbers libphonenumber rejects come here, so valid numbers never pay for the look-up.
     */
    private void failInvalid(PhoneNumber number, String e164, Findings findings) {
        Optional<PhoneRenumbering.Current> current = settings.renumbering().currentNumberOf(number, util);
        if (current.isEmpty()) {
            findings.fail(FIELD, ErrorCode.PHONE_INVALID, "phone " + e164 + " is not a valid number of "
                    + util.getRegionCodeForCountryCode(number.getCountryCode()));
            return;
        }
        PhoneNumber currentNumber = current.get().number();
        PhoneRenumbering.Change change = current.get().change();
        String currentE164 = util.format(currentNumber, PhoneNumberFormat.E164);
        String national = Digits.of(util.format(currentNumber, PhoneNumberFormat.NATIONAL), false, c -> true);
        Map<String, Object> details = details(currentNumber, currentE164, change.type());
        details.put(DetailKeys.NATIONAL, national);
        details.put(DetailKeys.OLD_PREFIX, change.oldPrefix());
        details.put(DetailKeys.NEW_PREFIX, change.newPrefix());
        findings.fail(FIELD, ErrorCode.PHONE_RENUMBERED, "phone " + e164 + " is an old number (" + change.renumbering() + ": "
                + change.oldPrefix() + " became " + change.newPrefix() + ", " + change.name() + "); the current number is "
                + currentE164 + " (" + national + ")");
        findings.normalized(DetailKeys.CURRENT_PHONE, details);
    }

    /**
     * The number's type, UNKNOWN exactly when libphonenumber's isValidNumber is false: isValidNumber is
     * defined as "the number's type in the metadata of its own region is not UNKNOWN", so one type
     * look-up answers both questions at half the cost (PhoneValidityTest pins the equivalence).
     */
    PhoneNumberType typeIfValid(PhoneNumber number) {
        return util.getNumberType(number);
    }

    private Map<String, Object> details(PhoneNumber number, String e164, PhoneNumberType type) {
        Map<String, Object> details = new LinkedHashMap<>(6);
        details.put(DetailKeys.E164, e164);
        details.put(DetailKeys.TYPE, type.name());
        details.put(DetailKeys.REGION, util.getRegionCodeForNumber(number));
        if (TYPES_WITH_CARRIER.contains(type)) {
            String carrier = carriers.getNameForValidNumber(number, PhoneData.CARRIER_LANGUAGE);
            if (!carrier.isEmpty()) {
                details.put(DetailKeys.CARRIER, carrier);
            }
        }
        return details;
    }

    private void noteDoubts(String phone, String compact, PhoneNumber number, PhoneNumberType type, Findings findings) {
        if (!compact.equals(phone)) {
            findings.doubt(Doubt.PHONE_SEPARATORS_REMOVED);
        }
        if (number.getCountryCodeSource() == CountryCodeSource.FROM_NUMBER_WITHOUT_PLUS_SIGN) {
            findings.doubt(Doubt.PHONE_COUNTRY_CODE_WITHOUT_PLUS);
        }
        if (number.getCountryCodeSource() == CountryCodeSource.FROM_DEFAULT_COUNTRY && trunkPrefix != null
                && !compact.startsWith(trunkPrefix)) {
            findings.doubt(Doubt.PHONE_TRUNK_PREFIX_MISSING);
        }
        if (type == PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            findings.doubt(Doubt.PHONE_TYPE_AMBIGUOUS);
        }
    }

    /** The phone as an optional + and digits only, or null when it holds anything but those and separators. */
    static String withoutSeparators(String phone) {
        return Digits.of(phone, true, PhoneRule::isSeparator);
    }

    private static boolean isSeparator(int c) {
        return c == ' ' || c == '.' || c == '-' || c == '(' || c == ')';
    }
}
