package com.rateplatform.gateway.validation;

import java.text.Normalizer;

/**
 * The name rule: Unicode NFC, whitespace collapsed to single spaces, then letters of any script
 * (with their combining marks), spaces, apostrophes, hyphens and periods only, at least one letter,
 * and a length in range. Gives {@code details.name}.
 */
final class NameRule {

    static final String FIELD = "name";

    private final LengthRange length;

    NameRule(LengthRange length) {
        this.length = length;
    }

    void check(String input, Findings findings) {
        String normalized = normalize(input);
        boolean valid = true;
        int disallowed = firstDisallowed(normalized);
        if (disallowed >= 0) {
            findings.fail(FIELD, ErrorCode.NAME_INVALID_CHARS, "name may hold only letters, spaces, apostrophes, hyphens and"
                    + " periods; it holds " + describe(disallowed));
            valid = false;
        } else if (normalized.codePoints().noneMatch(Character::isLetter)) {
            findings.fail(FIELD, ErrorCode.NAME_INVALID_CHARS, "name holds no letter");
            valid = false;
        }
        int characters = normalized.codePointCount(0, normalized.length());
        if (!length.contains(characters)) {
            findings.fail(FIELD, ErrorCode.NAME_LENGTH, "name is " + characters + " characters long; allowed " + length);
            valid = false;
        }
        if (valid) {
            findings.normalized(DetailKeys.NAME, normalized);
            if (!normalized.equals(input)) {
                findings.doubt(Doubt.NAME_REPAIRED);
            }
        }
    }

    /** NFC, then every run of whitespace as one space, none at either end. */
    static String normalize(String input) {
        String nfc = Normalizer.isNormalized(input, Normalizer.Form.NFC) ? input : Normalizer.normalize(input, Normalizer.Form.NFC);
        StringBuilder collapsed = new StringBuilder(nfc.length());
        boolean spacePending = false;
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                spacePending = collapsed.length() > 0;
            } else {
                if (spacePending) {
                    collapsed.append(' ');
                    spacePending = false;
                }
                collapsed.append(c);
            }
        }
        return collapsed.toString();
    }

    /** The first code point that a name may not hold, or -1. */
    private static int firstDisallowed(String name) {
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            if (!isAllowed(codePoint)) {
                return codePoint;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }

    private static boolean isAllowed(int codePoint) {
        if (Character.isLetter(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || codePoint == ' ' || codePoint == '\'' || codePoint == '\u2019' || codePoint == '-' || codePoint == '.';
    }

    private static String describe(int codePoint) {
        return "'" + new String(Character.toChars(codePoint)) + "' (U+" + String.format("%04X", codePoint) + ")";
    }
}
