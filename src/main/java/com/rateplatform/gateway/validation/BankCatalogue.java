package com.rateplatform.gateway.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The banks a {@code bank_code} may name (config/banks.yaml). A code matches a bank's BIN, VietQR code,
 * short name or alias, ignoring case, spaces, dots and dashes. Immutable once read.
 */
final class BankCatalogue {

    private final List<Bank> banks;
    private final Map<String, Bank> byLookupKey;

    private BankCatalogue(List<Bank> banks, Map<String, Bank> byLookupKey) {
        this.banks = List.copyOf(banks);
        this.byLookupKey = Map.copyOf(byLookupKey);
    }

    /** @param referencedBy the rules key that named this file, for the message when it is missing */
    static BankCatalogue read(ConfigLocation location, String referencedBy) {
        RulesNode root = RulesNode.read(location, referencedBy, "bank catalogue").allowOnly("source", "banks");
        root.text("source");
        List<Bank> banks = new ArrayList<>();
        Map<String, Bank> byLookupKey = new HashMap<>();
        Map<Bank, String> keyOfBank = new HashMap<>();
        List<RulesNode> entries = root.elements("banks");
        if (entries.isEmpty()) {
            throw root.invalid("banks", "must list at least one bank");
        }
        for (int i = 0; i < entries.size(); i++) {
            Bank bank = bankOf(entries.get(i));
            String entryKey = "banks[" + i + "]";
            for (String name : bank.names()) {
                Bank other = byLookupKey.putIfAbsent(lookupKey(name), bank);
                if (other != null && other != bank) {
                    throw root.invalid(entryKey, "'" + name + "' already names " + keyOfBank.get(other) + " (" + other.shortName() + ")");
                }
            }
            keyOfBank.put(bank, entryKey);
            banks.add(bank);
        }
        return new BankCatalogue(banks, byLookupKey);
    }

    Optional<Bank> find(String bankCode) {
        return Optional.ofNullable(byLookupKey.get(lookupKey(bankCode)));
    }

    List<Bank> banks() {
        return banks;
    }

    private static Bank bankOf(RulesNode entry) {
        entry.allowOnly("code", "short_name", "name", "bin", "account_length", "aliases");
        String bin = entry.text("bin");
        if (!bin.matches("[0-9]{6}")) {
            throw entry.invalid("bin", "'" + bin + "' is not a 6-digit BIN");
        }
        RulesNode length = entry.section("account_length").allowOnly("min", "max");
        int min = length.integer("min");
        int max = length.integer("max");
        if (min < 1 || max < min) {
            throw entry.invalid("account_length", "min " + min + " and max " + max + " make no range (need 1 <= min <= max)");
        }
        return new Bank(entry.text("code"), entry.text("short_name"), entry.text("name"), bin, new LengthRange(min, max),
                entry.optionalTexts("aliases").orElse(List.of()));
    }

    /** Upper case without spaces, dots and dashes: "mb bank", "MB-Bank" and "MBBank" look up alike. */
    static String lookupKey(String bankCode) {
        StringBuilder key = new StringBuilder(bankCode.length());
        for (int i = 0; i < bankCode.length(); i++) {
            char c = bankCode.charAt(i);
            if (!Character.isWhitespace(c) && c != '.' && c != '-') {
                key.append(c);
            }
        }
        return key.toString().toUpperCase(Locale.ROOT);
    }
}
