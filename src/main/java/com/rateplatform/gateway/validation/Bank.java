package com.rateplatform.gateway.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One bank of the catalogue. {@link #details()} is what {@code details.bank} shows. */
record Bank(String code, String shortName, String name, String bin, LengthRange accountLength, List<String> aliases,
            Map<String, Object> details) {

    Bank(String code, String shortName, String name, String bin, LengthRange accountLength, List<String> aliases) {
        this(code, shortName, name, bin, accountLength, List.copyOf(aliases), detailsOf(code, shortName, name, bin));
    }

    /** Every string a caller may send as {@code bank_code} for this bank. */
    List<String> names() {
        List<String> names = new ArrayList<>(List.of(bin, code, shortName));
        names.addAll(aliases);
        return names;
    }

    private static Map<String, Object> detailsOf(String code, String shortName, String name, String bin) {
        Map<String, Object> details = new LinkedHashMap<>(4);
        details.put(DetailKeys.BANK_CODE, code);
        details.put(DetailKeys.SHORT_NAME, shortName);
        details.put(DetailKeys.NAME, name);
        details.put(DetailKeys.BIN, bin);
        return Collections.unmodifiableMap(details);
    }
}
