package com.rateplatform.gateway.validation;

import java.util.function.IntPredicate;

/** Reduces a typed number to its ASCII digits, dropping the separators a rule allows and refusing anything else. */
final class Digits {

    private Digits() {
    }

    /**
     * @param keepLeadingPlus whether one {@code +} before the first digit is kept
     * @return the digits (after the {@code +} if kept), or null when the input holds another character or no digit
     */
    static String of(String input, boolean keepLeadingPlus, IntPredicate isSeparator) {
        StringBuilder digits = new StringBuilder(input.length());
        boolean anyDigit = false;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
                anyDigit = true;
            } else if (c == '+' && keepLeadingPlus && digits.length() == 0) {
                digits.append(c);
            } else if (!isSeparator.test(c)) {
                return null;
            }
        }
        return anyDigit ? digits.toString() : null;
    }
}
